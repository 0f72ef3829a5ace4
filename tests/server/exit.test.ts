import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { parseServerReady, SERVER_READY_PREFIX } from '@shared/http/server-ready';
import { spawnBin, type Spawned } from '../fixtures/processes';

// `pharos-server` as a real process: serve stops within 5 s of its first SIGTERM even with a client
// stalled in the middle of a request, and an administration command exits by itself once done.

describe('pharos-server exits', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-server-exit-'));
  const running: Spawned[] = [];
  afterAll(() => {
    for (const p of running) p.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serve --demo: the first SIGTERM closes the server within 5 s, a stalled request included; device code exits by itself', async () => {
    const env = { ...process.env, DATABASE_URL: '' }; // the embedded database in the data folder
    const serve = spawnBin('bin/pharos-server.mjs', ['--data', dir, '--port', '0', '--demo'], env);
    running.push(serve);
    await serve.waitFor(new RegExp(`^${SERVER_READY_PREFIX}`, 'm'), 120_000);
    const ready = parseServerReady(serve.out());
    const port = Number(new URL(ready?.url ?? '').port);
    // A client that sent its headers and part of its body, and then nothing more.
    const stalled = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        s.write('POST /api/v1/intake/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"a":');
        resolve(s);
      });
      s.once('error', reject);
    });
    stalled.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    serve.child.kill('SIGTERM');
    const { code, at } = await serve.exited;
    expect(at - signalled).toBeLessThanOrEqual(5_000);
    expect(code, serve.err()).toBe(0);
    stalled.destroy();

    const t0 = Date.now();
    const admin = spawnBin('bin/pharos-server.mjs', ['device', 'code', '--data', dir], env);
    running.push(admin);
    const done = await admin.exited;
    expect(done.code, admin.err()).toBe(0);
    expect(admin.out()).toMatch(/Enrolment code/);
    expect(done.at - t0).toBeLessThan(60_000);
  }, 240_000);
});
