import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerReady } from '@shared/http/server-ready';
import { verifyPassword } from '../../src/server/auth/passwords';
import { main, type CliIo } from '../../src/server/cli';
import { openDatabase } from '../../src/server/db/database';
import { users } from '../../src/server/db/schema';
import { readDirectory } from '../../src/server/review';
import { backends, createDatabase, warnIfSkipped } from './helpers';

function io(password: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readPassword: async () => password };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe.each(backends())('pharos-server administration commands on $name', (b) => {
  warnIfSkipped(b, 'cli');
  let dir: string;
  let drop = async () => {};
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pharos-cli-'));
    if (b.skip || b.name === 'pglite') return;
    const created = await createDatabase();
    process.env.DATABASE_URL = created.url;
    drop = created.drop;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>) => {
    const opened = await openDatabase({ dataDir: dir, databaseUrl: process.env.DATABASE_URL || undefined });
    try {
      return await fn(opened.db);
    } finally {
      await opened.close();
    }
  };

  it.skipIf(b.skip)('adds a user with the password from stdin, hashed with Argon2id', async () => {
    const t = io('mot-de-passe-tres-long');
    expect(await main(['user', 'add', '--data', dir, '--username', 'agent.martin', '--role', 'analyst', '--display-name', 'Agent Martin'], t.cli)).toBe(0);
    expect(t.out()).toContain('agent.martin');
    expect(t.out()).not.toContain('mot-de-passe-tres-long');
    const row = await withDb(async (db) => (await db.select().from(users).where(eq(users.username, 'agent.martin')))[0]);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.displayName).toBe('Agent Martin');
    expect(await verifyPassword(row?.passwordHash ?? '', 'mot-de-passe-tres-long')).toBe(true);
  });

  it.skipIf(b.skip)('generates and prints a password when stdin gives none', async () => {
    const t = io(null);
    expect(await main(['user', 'add', '--data', dir, '--username', 'chef', '--role', 'supervisor'], t.cli)).toBe(0);
    const password = /Generated password \(shown once\): (\S+)/.exec(t.out())?.[1] ?? '';
    expect(password.length).toBe(16);
    const row = await withDb(async (db) => (await db.select().from(users).where(eq(users.username, 'chef')))[0]);
    expect(await verifyPassword(row?.passwordHash ?? '', password)).toBe(true);
  });

  it.skipIf(b.skip)('refuses a duplicate user, a bad role and bad arguments with clear errors', async () => {
    const dup = io('mot-de-passe-tres-long');
    expect(await main(['user', 'add', '--data', dir, '--username', 'chef', '--role', 'analyst'], dup.cli)).toBe(1);
    expect(dup.err()).toContain('already exists');
    const role = io();
    expect(await main(['user', 'add', '--data', dir, '--username', 'x1', '--role', 'chef'], role.cli)).toBe(2);
    expect(role.err()).toContain('--role must be one of');
    for (const argv of [['user', 'add', '--username', 'x2', '--role', 'analyst'], ['frobnicate'], ['device', 'code', '--data', dir, '--nope', '1'], ['apikey', 'add', '--data', dir, '--organisation', 'X', '--source', 'public'], ['device', 'code', '--data', dir, '--ttl-hours', '-3'], ['user', 'add', '--data']]) {
      const t = io();
      expect(await main(argv, t.cli), argv.join(' ')).toBe(2);
      expect(t.err()).toMatch(/pharos-server: .+/);
    }
    expect(await main(['user', 'add', '--data', dir, '--username', 'Pas Valide', '--role', 'analyst'], io('mot-de-passe-tres-long').cli)).toBe(2);
  });

  it.skipIf(b.skip)('prints an enrolment code and an API key', async () => {
    const code = io();
    expect(await main(['device', 'code', '--data', dir, '--ttl-hours', '2'], code.cli)).toBe(0);
    expect(code.out()).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    const key = io();
    expect(await main(['apikey', 'add', '--data', dir, '--organisation', 'DGCCRF', '--source', 'state'], key.cli)).toBe(0);
    expect(key.out()).toMatch(/phk_[A-Za-z0-9_-]{20,}/);
    const help = io();
    expect(await main(['--help'], help.cli)).toBe(0);
    expect(help.out()).toContain('user add');
  });

  it.skipIf(b.skip)('manages the orientation directory: import all or none as one version, export, deactivate', async () => {
    const service = (id: string, extra: Record<string, unknown> = {}) => ({
      id, kind: 'territorial_police', name: `Service ${id}`, departement: '69', country: null, categories: [], channel: 'PHAROS → messagerie sécurisée', notes: null, active: true, ...extra,
    });
    const file = (name: string, content: unknown) => {
      const f = join(dir, name);
      writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
      return f;
    };
    const run = async (...argv: string[]) => {
      const t = io();
      const code = await main(argv, t.cli);
      return { code, out: t.out(), err: t.err() };
    };
    const version = () => withDb((db) => readDirectory(db, null));
    const before = (await version()).version;
    const first = await run('directory', 'import', '--data', dir, file('a.json', [service('svc-a'), service('svc-b')]));
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('2 ajoutée(s)');
    expect((await version()).version).toBe(before + 1);
    expect((await run('directory', 'import', '--data', dir, file('a2.json', [service('svc-a'), service('svc-b')]))).out).toContain('Annuaire inchangé');
    expect((await version()).version).toBe(before + 1);
    // One bad entry: the whole file is refused, by position and id, and nothing changes.
    const bad = await run('directory', 'import', '--data', dir, file('b.json', [service('svc-a', { name: 'Renommé' }), service('svc-c', { kind: 'nope' })]));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/entrée n° 2 \(svc-c\) : kind/);
    expect((await run('directory', 'import', '--data', dir, file('c.json', '{ pas du json'))).err).toContain('JSON invalide');
    const after = await version();
    expect(after.version).toBe(before + 1);
    expect(after.services?.find((s) => s.id === 'svc-a')?.name).toBe('Service svc-a');
    const renamed = await run('directory', 'import', '--data', dir, file('d.json', [service('svc-a', { name: 'Renommé' })]));
    expect(renamed.out).toMatch(/1 modifiée\(s\)[\s\S]*~ svc-a/);
    expect((await run('directory', 'deactivate', '--data', dir, '--id', 'svc-b')).out).toContain('désactivé');
    expect((await run('directory', 'deactivate', '--data', dir, '--id', 'svc-inconnu')).code).toBe(1);
    const exported = JSON.parse((await run('directory', 'export', '--data', dir)).out) as { id: string; name: string; active: boolean }[];
    expect(exported.find((s) => s.id === 'svc-a')?.name).toBe('Renommé');
    expect(exported.find((s) => s.id === 'svc-b')?.active).toBe(false);
    expect((await version()).version).toBe(before + 3);
    expect(await main(['directory', 'import', '--data', dir], io().cli)).toBe(2);
  });
});

describe('pharos-server process', () => {
  it('prints the ready line, serves HTTPS and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pharos-proc-'));
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['bin/pharos-server.mjs', '--data', dir, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const ready = await new Promise<ReturnType<typeof parseServerReady>>((resolve, reject) => {
        const timer = setInterval(() => {
          const r = parseServerReady(output);
          if (r) {
            clearInterval(timer);
            resolve(r);
          }
        }, 50);
        void exited.then(() => reject(new Error(`server exited: ${output}`)));
      });
      expect(ready?.database).toBe('pglite');
      expect(output).toContain(ready?.fingerprint ?? 'none');
      const agent = new Agent({ connect: { ca: (await import('node:fs')).readFileSync(join(dir, 'tls', 'server.crt'), 'utf8') } });
      const res = await fetch(`${ready?.url}/api/v1/health`, { dispatcher: agent });
      expect(res.status).toBe(200);
      await agent.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
