import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/app';
import { isLoopbackHost } from '../../src/server/demo/host';

// The demo's accounts are public: a demo server listens on loopback unless told otherwise.

const root = mkdtempSync(join(tmpdir(), 'pharos-demo-host-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['bin/pharos-server.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output, ms: Date.now() - t0 });
    }),
  );
}

describe('demo mode host', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'serveur.exemple.fr'])('refuses --demo --host %s with exit 2, before creating anything', async (host) => {
    const data = join(root, `d-${host.replace(/[^a-z0-9]/gi, '_')}`);
    const r = await run(['--demo', '--host', host, '--data', data]);
    expect(r.code).toBe(2);
    expect(r.output).toContain(`le mode démo refuse d’écouter sur ${host} : ses comptes et mots de passe sont publics`);
    expect(r.output).toContain('--demo-public');
    expect(r.ms).toBeLessThan(30_000); // node loading the server code, on a loaded machine
    expect(existsSync(data)).toBe(false);
  }, 60_000);

  it('tells loopback from the rest', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '', '10.0.0.1', '::ffff:10.0.0.1', 'exemple.fr', '128.0.0.1', 'localhost.exemple.fr']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('listens on a public host when --demo-public says so', async () => {
    const server = await startServer({ dataDir: join(root, 'public'), port: 0, host: '0.0.0.0', demo: true, demoPublic: true, databaseUrl: null, warn: () => undefined });
    expect(server.demo?.accounts.length).toBeGreaterThan(0);
    await server.close();
    await expect(startServer({ dataDir: join(root, 'refused'), port: 0, host: '0.0.0.0', demo: true, databaseUrl: null })).rejects.toThrow(/mode démo refuse/);
  }, 240_000);
});
