import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { PushResponseSchema, type CaptureRecord, type LoginResponse } from '@shared';
import { parseServerReady, type ServerReady } from '@shared/http/server-ready';
import { startServer } from '../../src/server/app';
import { newDevice, proof } from './helpers';
import { deviceChain } from './sync/device-chain';

// The server's data folder is readable by its own account only: after a real demo run (a child
// process started with the usual umask 022), and after a start on a folder an older version left open.

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pharos-modes-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every file and folder under DIR (itself included) whose mode lets group or others in. */
function opened(dir: string): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) out.push(`${relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) visit(join(p, n));
  };
  visit(dir);
  return out;
}

/** `pharos-server --demo` as a user starts it, with a umask that leaves new files world-readable. */
function demoServer(dataDir: string) {
  const child = spawn('/bin/sh', ['-c', `umask 022; exec "${process.execPath}" bin/pharos-server.mjs --demo --data "${dataDir}" --port 0`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<ServerReady>((resolve, reject) => {
    const timer = setInterval(() => {
      const r = parseServerReady(output);
      if (r) {
        clearInterval(timer);
        resolve(r);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited: ${output}`));
    });
  });
  const stop = async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  };
  return { ready, stop, output: () => output };
}

describe('server data folder modes', () => {
  it('leaves nothing readable by group or others after a demo run that synced and received evidence', async () => {
    const dataDir = join(tmp(), 'data');
    const server = demoServer(dataDir);
    try {
      const ready = await server.ready;
      const demo = ready.demo;
      if (!demo) throw new Error('no demo info');
      const agent = new Agent({ connect: { ca: readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8') } });
      const call = async <T>(path: string, init: { method?: string; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}) => {
        const res = await fetch(`${ready.url}${path}`, {
          method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
          headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
          body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
          dispatcher: agent,
        });
        return { status: res.status, body: (await res.json()) as T };
      };
      const device = newDevice();
      expect((await call('/api/v1/devices/enrol', { json: { code: demo.enrolmentCode, deviceId: device.deviceId, name: 'Poste', publicKey: device.publicKey } })).status).toBe(201);
      const login = await call<LoginResponse>('/api/v1/auth/login', { json: { username: 'analyste', password: 'demo-analyste', ...proof(device, 'login', 'analyste') } });
      expect(login.status).toBe(200);
      const auth = { authorization: `Bearer ${login.body.accessToken}` };
      const report = await call<{ id: string }>('/api/v1/reports', { json: { urls: ['https://exemple.fr/modes'], category: 'scam', description: 'Faux support technique.' }, headers: { 'x-api-key': demo.apiKey } });
      const wacz = randomBytes(200_000);
      const record: CaptureRecord = {
        captureId: randomUUID(), reportId: report.body.id, url: 'https://exemple.fr/modes', finalUrl: 'https://exemple.fr/modes', state: 'complete',
        startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T10:00:05.000Z', waczSha256: createHash('sha256').update(wacz).digest('hex'),
        waczBytes: wacz.length, signerFingerprint: Array.from({ length: 32 }, () => 'ab').join(':'),
      };
      const chain = deviceChain('analyste', device.deviceId);
      const { mutations, audit } = chain.attach([{ id: 1, name: 'recordCapture', args: record, createdAt: new Date().toISOString() }]);
      const pushed = await call('/api/v1/sync/push', { json: { clientId: device.deviceId, userId: login.body.user.id, mutations, audit }, headers: auth });
      expect(PushResponseSchema.parse(pushed.body).outcomes).toEqual([{ id: 1, status: 'applied' }]);
      const put = await call<{ complete: boolean }>(`/api/v1/evidence/${record.captureId}?offset=0`, { method: 'PUT', body: wacz, headers: { ...auth, 'content-type': 'application/octet-stream' } });
      expect(put.body.complete).toBe(true);
      await agent.close();
    } finally {
      await server.stop();
    }
    expect(readdirSync(dataDir).sort()).toEqual(['evidence', 'pglite', 'secrets', 'tls']);
    expect(opened(dataDir)).toEqual([]);
  }, 240_000);

  it('repairs, at start, modes an older version or a hand copy left open, naming each in the warning', async () => {
    const dataDir = tmp();
    mkdirSync(join(dataDir, 'secrets'));
    mkdirSync(join(dataDir, 'evidence'));
    writeFileSync(join(dataDir, 'secrets', 'token-signing.key'), randomBytes(32).toString('base64'));
    writeFileSync(join(dataDir, 'evidence', 'notes.txt'), 'reste d’une copie');
    chmodSync(join(dataDir, 'secrets', 'token-signing.key'), 0o644);
    chmodSync(join(dataDir, 'evidence', 'notes.txt'), 0o666);
    chmodSync(join(dataDir, 'evidence'), 0o755);
    chmodSync(join(dataDir, 'secrets'), 0o750);
    chmodSync(dataDir, 0o755);
    const warnings: string[] = [];
    const server = await startServer({ dataDir, port: 0, databaseUrl: null, warn: (t) => warnings.push(t) });
    await server.close();
    const text = warnings.join('');
    expect(text).toMatch(/^Attention : 5 élément\(s\) du dossier de données .* étaient accessibles à d’autres comptes ; droits corrigés :/);
    for (const line of ['. 0755 → 0700', 'evidence 0755 → 0700', 'evidence/notes.txt 0666 → 0600', 'secrets 0750 → 0700', 'secrets/token-signing.key 0644 → 0600']) expect(text).toContain(`  ${line}\n`);
    expect(opened(dataDir)).toEqual([]);
    // PGlite's own files (0666 when it creates a database, pg_internal.init 0644 at each open) are
    // repaired once it is open and once it is closed: a second start has nothing to warn about.
    warnings.length = 0;
    const again = await startServer({ dataDir, port: 0, databaseUrl: null, warn: (t) => warnings.push(t) });
    expect(opened(dataDir)).toEqual([]);
    await again.close();
    expect(warnings).toEqual([]);
    expect(opened(dataDir)).toEqual([]);
  }, 240_000);
});
