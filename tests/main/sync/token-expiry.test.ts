import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '@shared/result';
import type { QueuePage, Session, SyncStatus } from '@shared/api/contract';
import { startServer, type RunningServer, type StartOptions } from '../../../src/server/app';
import { queryRows } from '../../../src/server/db/rows';
import { createWorkstation, type Workstation } from '../../../src/main/api';
import { TEST_KDF } from '../helpers/temp';

/**
 * Expired or refused tokens during sync (issue 3), against the real server: a short access-token
 * lifetime is renewed ahead of time; a token the server refuses (401) is renewed once and the step
 * retried; a refused refresh token ends the session (the officer is asked to log in) without touching
 * the outbox, and after login the waiting changes go out.
 */
const USER = { username: 'analyste.jeton', password: 'mot de passe de test 123' };
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-token-'));
  dirs.push(d);
  return d;
};

let server: RunningServer;
let serverDir: string;
/** Access tokens of 1.5 s at first; the default lifetime (15 min) once the short one is tested. */
let accessMs: number | undefined = 1500;
const serverOptions = (): StartOptions => ({ dataDir: serverDir, port: server?.port ?? 0, databaseUrl: null, tokenTtl: { accessMs } });
/** A restart, optionally with a new signing key: every access token in circulation is then refused. */
async function restart(newSigningKey: boolean): Promise<void> {
  await server.close();
  if (newSigningKey) rmSync(path.join(serverDir, 'secrets', 'token-signing.key'));
  server = await startServer(serverOptions());
}
const notesOnServer = async (id: string, text: string): Promise<number> =>
  Number((await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from report_events where report_id = ${id} and action = 'note' and detail = ${text}`))[0]?.n);

beforeAll(async () => {
  serverDir = tmp();
  server = await startServer(serverOptions());
  await server.admin.addUser({ ...USER, role: 'analyst' });
  await server.admin.seedSynthetic(20);
}, 120_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('tokens during push and pull', () => {
  let ws: Workstation;
  const sessions: Session[] = [];
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r: Result<unknown> = await ws.router(method, input, { transport: 'test' });
    if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
    return r.value as T;
  };
  let reportId = '';

  beforeAll(async () => {
    ws = await createWorkstation({ dataDir: tmp(), kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
    ws.onEvent((name, payload) => {
      if (name === 'auth.session') sessions.push(payload as Session);
    });
    await call('vault.create', { passphrase: 'phrase secrète de test' });
    await call('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Poste jeton' });
    await call('auth.login', USER);
    await call('sync.now');
    reportId = (await call<QueuePage>('queue.page', { statuses: ['received'], limit: 1 })).rows[0]!.id;
  }, 60_000);
  afterAll(async () => ws?.close());

  it('a short-lived access token is renewed before it expires: sync after its lifetime just works', async () => {
    await new Promise((r) => setTimeout(r, 1700));
    await call('report.note', { id: reportId, text: 'note après expiration du jeton' });
    const status = await call<SyncStatus>('sync.now');
    expect(status).toMatchObject({ pending: 0, lastError: null, online: true });
    expect(await notesOnServer(reportId, 'note après expiration du jeton')).toBe(1);
  }, 30_000);

  it('a token the server refuses (401) is renewed once and the push retried', async () => {
    // A token the workstation rightly believes valid for 15 minutes, then refused by the server.
    accessMs = undefined;
    await restart(false);
    await call('auth.login', USER);
    await call('sync.now');
    await call('report.note', { id: reportId, text: 'note pendant le changement de clé' });
    await restart(true);
    const status = await call<SyncStatus>('sync.now');
    expect(status).toMatchObject({ pending: 0, lastError: null });
    expect(await notesOnServer(reportId, 'note pendant le changement de clé')).toBe(1);
    expect((await call<Session>('auth.session'))?.user.username).toBe(USER.username);
  }, 60_000);

  it('a revoked session: the officer is asked to log in, the outbox is kept, and sent after login', async () => {
    await call('report.note', { id: reportId, text: 'note avant révocation' });
    await call('report.note', { id: reportId, text: 'seconde note avant révocation' });
    await server.admin.db.execute(sql`update refresh_tokens set revoked_at = now() where revoked_at is null`);
    await restart(true);
    sessions.length = 0;
    const refused = await ws.router('sync.now', {}, { transport: 'test' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    // The renderer is told (login screen), the session is gone, the changes are still waiting.
    expect(sessions).toContain(null);
    expect(await call('auth.session')).toBeNull();
    expect((await call<SyncStatus>('sync.status')).pending).toBe(2);
    expect(await notesOnServer(reportId, 'note avant révocation')).toBe(0);
    const shown = await call<{ events: { action: string; detail: string | null }[] }>('report.get', { id: reportId });
    expect(shown.events.filter((e) => e.detail?.endsWith('avant révocation')).length).toBe(2);

    await call('auth.login', USER);
    // Login starts a sync by itself; a second one waits for it and confirms.
    const status = await call<SyncStatus>('sync.now');
    expect(status).toMatchObject({ pending: 0, lastError: null });
    expect(await notesOnServer(reportId, 'note avant révocation')).toBe(1);
    expect(await notesOnServer(reportId, 'seconde note avant révocation')).toBe(1);
  }, 60_000);
});
