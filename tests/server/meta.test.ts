import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema } from '@shared';
import { backends, startTestServer, warnIfSkipped, type TestServer } from './helpers';

describe.each(backends())('server basics on $name', (b) => {
  warnIfSkipped(b, 'meta');
  let server: TestServer;

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
  });
  afterAll(async () => server?.destroy());

  it.skipIf(b.skip)('answers health over HTTPS with the database kind', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await server.api('/api/v1/health');
    expect(res.status).toBe(200);
    expect(HealthSchema.parse(res.body).database).toBe(b.name);
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });

  it.skipIf(b.skip)('publishes an OpenAPI document listing the API routes', async () => {
    const res = await server.api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/health', '/api/v1/reports', '/api/v1/devices/enrol', '/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/sync/pull']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    expect(JSON.stringify(res.body.paths['/api/v1/reports'])).toContain('description');
  });

  it.skipIf(b.skip)('answers unknown API paths with a JSON 404', async () => {
    const res = await server.api<{ error: { kind: string } }>('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.kind).toBe('not_found');
  });

  it.skipIf(b.skip)('keeps its certificate (and fingerprint) across restarts', async () => {
    const before = server.fingerprint;
    expect(before).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    server = await server.restart();
    expect(server.fingerprint).toBe(before);
    expect((await server.api('/api/v1/health')).status).toBe(200);
  });

  it.skipIf(b.skip)('refuses a database migrated by a newer server', async () => {
    const other = await startTestServer(b);
    await other.admin.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 9999999999999)`);
    await expect(other.restart()).rejects.toThrow(/newer version/);
    // Closed by the failed restart; its PostgreSQL database goes with the throwaway cluster.
    rmSync(other.dataDir, { recursive: true, force: true });
  });
});

describe('configured certificate', () => {
  let server: TestServer | undefined;
  afterAll(async () => server?.destroy());

  it('serves the given certificate and key', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'pharos-cert-'));
    writeFileSync(join(dir, 'c.pem'), pems.cert);
    writeFileSync(join(dir, 'k.pem'), pems.private);
    server = await startTestServer({ name: 'pglite', skip: false, reason: null }, { tls: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem') } });
    expect(server.caPem).toBe(pems.cert);
    expect((await server.api('/api/v1/health')).status).toBe(200);
  });
});
