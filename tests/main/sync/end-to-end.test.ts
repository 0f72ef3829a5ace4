import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '@shared/domain/report';
import type { Result } from '@shared/result';
import type { QueuePage, SyncStatus, WorkstationSettings, Session } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { createWorkstation, type Workstation } from '../../../src/main/api';
import { openLocalDb } from '../../../src/main/db';
import { enrolDevice } from '../../../src/main/enrolment';
import { createAuth } from '../../../src/main/auth';
import { createServerClient } from '../../../src/main/server-client';
import { pullAll } from '../../../src/main/sync';
import { TEST_KDF } from '../helpers/temp';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-e2e-'));
  dirs.push(d);
  return d;
};

let server: RunningServer;
let serverDir: string;
const REPORTS = 1500;
const USER = { username: 'superviseur.test', password: 'mot de passe de test 123' };

beforeAll(async () => {
  serverDir = tmp();
  server = await startServer({ dataDir: serverDir, port: 0, databaseUrl: null });
  await server.admin.addUser({ ...USER, role: 'supervisor' });
  await server.admin.seedSynthetic(REPORTS);
}, 120_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value as T;
}

describe('workstation against a real server (PGlite, HTTPS)', () => {
  let ws: Workstation;
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => value<T>(await ws.router(method, input, { transport: 'test' }));

  it('creates the vault, enrols, logs in, pulls every report into the local queue', async () => {
    ws = await createWorkstation({ dataDir: tmp(), kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
    const progress: SyncStatus[] = [];
    ws.onEvent((name, payload) => {
      if (name === 'sync.status') progress.push(payload as SyncStatus);
    });
    await call('vault.create', { passphrase: 'phrase secrète de test' });
    // Queue reads need only the unlocked vault; sync needs enrolment and login.
    expect((await ws.router('sync.now', {}, { transport: 'test' })).ok).toBe(false);
    const code = await server.admin.createEnrolmentCode();
    const settings = await call<WorkstationSettings>('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code, deviceName: 'Poste test' });
    expect(settings).toMatchObject({ enrolled: true, serverUrl: server.url, deviceName: 'Poste test' });
    const session = await call<Session>('auth.login', USER);
    expect(session?.user.username).toBe(USER.username);
    const status = await call<SyncStatus>('sync.now');
    expect(status).toMatchObject({ online: true, syncing: false, lastError: null, reportCount: REPORTS });
    expect(status.lastSyncAt).not.toBeNull();
    expect(progress.some((s) => s.progress && s.progress.total === REPORTS)).toBe(true);

    const page = await call<QueuePage>('queue.page', { sort: 'newest', limit: 10 });
    expect(page.total).toBe(REPORTS);
    const full = ReportSchema.parse(await call('report.get', { id: page.rows[0]!.id }));
    expect(full).toMatchObject({ id: page.rows[0]!.id, reference: page.rows[0]!.reference, category: page.rows[0]!.category, priority: page.rows[0]!.priority });
    expect(full.events.length).toBeGreaterThan(0);
    expect(full.urls[0]).toBe(page.rows[0]!.firstUrl);
    const search = await call<QueuePage>('queue.page', { text: full.reference });
    expect(search.rows.map((r) => r.id)).toContain(full.id);
  }, 120_000);

  it('records a claim, a note and a release through the API, shows them at once, and sync sends them', async () => {
    const page = await call<QueuePage>('queue.page', { statuses: ['received'], limit: 1 });
    const id = page.rows[0]!.id;
    const claimed = ReportSchema.parse(await call('report.claim', { id }));
    expect(claimed).toMatchObject({ status: 'in_progress', claimedBy: USER.username });
    await call('report.note', { id, text: 'Page vérifiée, toujours en ligne.' });
    await call('report.verify', { id, outcome: 'present' });
    expect((await call<SyncStatus>('sync.status')).pending).toBeGreaterThanOrEqual(1);
    const refused = await ws.router('report.claim', { id: '00000000-0000-4000-8000-000000000000' }, { transport: 'test' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect((await call<SyncStatus>('sync.now')).pending).toBe(0);
    const released = ReportSchema.parse(await call('report.release', { id }));
    expect(released).toMatchObject({ status: 'received', claimedBy: null });
    expect((await call<SyncStatus>('sync.now')).pending).toBe(0);
    const synced = ReportSchema.parse(await call('report.get', { id }));
    expect(synced.events.map((e) => e.action).slice(-4)).toEqual(['claim', 'note', 'verify', 'release']);
    expect(synced.events.every((e) => !e.id.startsWith('local:'))).toBe(true);
    expect(await call('sync.rejections', {})).toEqual([]);
  }, 60_000);

  it('a second sync brings nothing twice; lock closes the store and unlock reopens it', async () => {
    const status = await call<SyncStatus>('sync.now');
    expect(status.reportCount).toBe(REPORTS);
    await call('vault.lock');
    const locked = await ws.router('queue.page', {}, { transport: 'test' });
    expect(locked).toMatchObject({ ok: false, error: { kind: 'locked' } });
    const wrong = await ws.router('vault.unlock', { passphrase: 'mauvaise' }, { transport: 'test' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    await call('vault.unlock', { passphrase: 'phrase secrète de test' });
    expect((await call<QueuePage>('queue.page', {})).total).toBe(REPORTS);
    // The session comes back from the refresh token kept in the encrypted store (device proof + refresh).
    expect((await call<Session>('auth.session'))?.user.username).toBe(USER.username);
    expect((await call<SyncStatus>('sync.now')).lastError).toBeNull();
    expect(await call('auth.logout')).toBeNull();
    expect(await call('auth.session')).toBeNull();
    await ws.close();
  }, 60_000);

  it('an enrolment with the wrong fingerprint is refused and nothing is stored', async () => {
    const other = await createWorkstation({ dataDir: tmp(), kdf: TEST_KDF });
    await value(await other.router('vault.create', { passphrase: 'phrase secrète de test' }, { transport: 'test' }));
    const code = await server.admin.createEnrolmentCode();
    const res = await other.router('enrolment.enrol', { serverUrl: server.url, fingerprint: 'AB'.repeat(32), code, deviceName: 'Poste' }, { transport: 'test' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'tls' } });
    expect(value<WorkstationSettings>(await other.router('settings.get', {}, { transport: 'test' })).enrolled).toBe(false);
    await other.close();
  }, 60_000);

  it('an interrupted pull resumes from its last committed page without duplicates or losses', async () => {
    const db = openLocalDb({ file: path.join(tmp(), 'resume.db'), key: randomBytes(32) });
    await enrolDevice(db, { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Reprise' });
    const identity = db.device.get()!;
    const makeClient = () => createServerClient({ serverUrl: identity.serverUrl, certPem: identity.certPem, fingerprint: identity.fingerprint });
    let client = makeClient();
    const auth = createAuth({ db: () => db, client: () => client, onSession: () => undefined });
    await auth.login(USER.username, USER.password);

    let closing: Promise<void> | null = null;
    await expect(
      pullAll({
        db, client, token: auth.accessToken, pageSize: 100,
        onProgress: (p) => {
          if (p.done >= 300 && !closing) closing = server.close();
        },
      }),
    ).rejects.toThrow();
    await closing;
    const partial = db.countReports();
    expect(partial).toBeGreaterThanOrEqual(300);
    expect(partial).toBeLessThan(REPORTS);
    expect(db.kv.get('sync.cursor')).not.toBeNull();

    server = await startServer({ dataDir: serverDir, port: server.port, databaseUrl: null });
    await client.close();
    client = makeClient();
    const done = await pullAll({ db, client, token: auth.accessToken, pageSize: 500, onProgress: () => undefined });
    expect(done).toBe(REPORTS - partial);
    expect(db.countReports()).toBe(REPORTS);
    const distinct = db.sqlite.prepare('SELECT count(DISTINCT id) FROM reports').pluck().get();
    expect(distinct).toBe(REPORTS);
    await client.close();
    db.close();
  }, 120_000);

  it('an officer restarting offline keeps working on the local store, and the session renews when the server is back', async () => {
    const dataDir = tmp();
    const passphrase = 'phrase secrète de test';
    let ws2 = await createWorkstation({ dataDir, kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
    const call2 = async <T>(method: string, input: unknown = {}): Promise<T> => value<T>(await ws2.router(method, input, { transport: 'test' }));
    await call2('vault.create', { passphrase });
    await call2('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Poste nomade' });
    await call2('auth.login', USER);
    await call2('sync.now');
    await ws2.close();

    await server.close();
    ws2 = await createWorkstation({ dataDir, kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
    await call2('vault.unlock', { passphrase });
    const offline = await call2<Session>('auth.session');
    expect(offline).toMatchObject({ user: { username: USER.username }, offline: true });
    expect((await call2<QueuePage>('queue.page', {})).total).toBeGreaterThan(0);
    const failed = await ws2.router('sync.now', {}, { transport: 'test' });
    expect(failed.ok ? (failed.value as SyncStatus).online : false).toBe(false);

    server = await startServer({ dataDir: serverDir, port: server.port, databaseUrl: null });
    const back = await call2<SyncStatus>('sync.now');
    expect(back).toMatchObject({ online: true, lastError: null });
    const renewed = await call2<Session>('auth.session');
    expect(renewed?.offline).toBeUndefined();
    expect(renewed?.user.username).toBe(USER.username);
    await ws2.close();
  }, 120_000);
});
