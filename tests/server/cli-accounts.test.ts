import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from './helpers';

type Err = { error: { kind: string; message: string; reason?: string } };
type Run = { code: number | null; out: string; err: string };

/** Runs the real binary against a data folder (and the PostgreSQL database when there is one). */
function pharosServer(server: TestServer, ...argv: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (server.dbUrl) env.DATABASE_URL = server.dbUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['bin/pharos-server.mjs', ...argv, '--data', server.dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe.each(backends())('pharos-server device revoke, user disable, apikey revoke (binaries) on $name', (b) => {
  warnIfSkipped(b, 'cli-accounts');
  let server: TestServer;
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
  });
  afterAll(async () => server?.destroy());

  it.skipIf(b.skip)('lists ids, revokes, and the live access tokens are refused at their next request with the reason', async () => {
    const onDevice = await session(server, 'agent.poste', 'analyst');
    const onAccount = await session(server, 'agent.compte', 'analyst');
    const key = await server.admin.createApiKey({ organisation: 'Hébergeur X', source: 'professional' });
    const directory = (token: string) => server.api<Err>('/api/v1/directory?since=999999999', { headers: { authorization: `Bearer ${token}` } });
    expect((await directory(onDevice.accessToken)).status).toBe(200);
    // PGlite is one process's folder: the server stops while the commands run. PostgreSQL keeps serving,
    // which shows that nothing is cached between the command and the next request.
    if (!server.dbUrl) await server.close();

    const devices = await pharosServer(server, 'device', 'list');
    expect(devices.code).toBe(0);
    expect(devices.out).toMatch(new RegExp(`${onDevice.device.deviceId}\\s+actif.*sessions ouvertes 1`));
    const keys = await pharosServer(server, 'apikey', 'list');
    const keyId = new RegExp(`([0-9a-f-]{36})\\s+professional\\s+active.*Hébergeur X`).exec(keys.out)?.[1];
    expect(keyId).toBeTruthy();
    expect((await pharosServer(server, 'user', 'list')).out).toMatch(/agent\.compte\s+analyst\s+actif/);

    const revoke = await pharosServer(server, 'device', 'revoke', '--id', onDevice.device.deviceId);
    expect(revoke).toMatchObject({ code: 0 });
    expect(revoke.out).toContain('révoqué ; 1 session(s) fermée(s)');
    expect((await pharosServer(server, 'user', 'disable', '--username', 'agent.compte')).out).toContain('Compte agent.compte désactivé');
    expect((await pharosServer(server, 'apikey', 'revoke', '--id', keyId ?? '')).out).toContain('révoquée');
    // Bad input: a clear error, nothing changed.
    const unknown = await pharosServer(server, 'device', 'revoke', '--id', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Poste inconnu');
    expect((await pharosServer(server, 'device', 'revoke', '--id', 'pas-un-uuid')).code).toBe(2);
    expect((await pharosServer(server, 'user', 'disable')).code).toBe(2);
    expect((await pharosServer(server, 'device', 'revoke', '--id', onDevice.device.deviceId)).out).toContain('déjà révoqué');

    if (!server.dbUrl) server = await server.restart();
    const device = await directory(onDevice.accessToken);
    expect([device.status, device.body.error.reason]).toEqual([401, 'device_revoked']);
    const account = await directory(onAccount.accessToken);
    expect([account.status, account.body.error.reason]).toEqual([401, 'user_disabled']);
    const report = { urls: ['https://exemple.fr/page'], category: 'hate_discrimination', description: 'Propos haineux publiés sur un forum public.' };
    expect((await server.api('/api/v1/reports', { json: report, headers: { 'x-api-key': key } })).status).toBe(401);
    const audited = (await server.admin.db.execute(sql`select action from audit_log where action like 'admin.%' order by seq`)) as unknown as { rows: { action: string }[] };
    expect(audited.rows.map((r) => r.action)).toEqual(['admin.device_revoked', 'admin.user_disabled', 'admin.apikey_revoked']);
  }, 180_000);
});
