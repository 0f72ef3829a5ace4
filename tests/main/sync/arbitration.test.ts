import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompetingDecision, Report, ResolvedCompeting } from '@shared';
import type { Result } from '@shared/result';
import { startServer, type RunningServer } from '../../../src/server/app';
import { submitReport } from '../../../src/server/intake/service';
import { createWorkstation, type Workstation } from '../../../src/main/api';
import { openStation, type Station } from '../../sync-faults/station';
import { TEST_KDF } from '../helpers/temp';

/**
 * Competing decisions from end to end (issue 3): an officer's two workstations decide the same report
 * differently; the one that lost sees the refusal and its reason; the supervisor's workstation lists the
 * pair through the API (online) and arbitrates it; the arbitration reaches the workstations by sync.
 */
const PASSWORD = 'mot de passe de test 123';
let dir: string;
let server: RunningServer;
let desk: Station;
let laptop: Station;
let chief: Workstation;

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value as T;
};
const call = async <T>(ws: Workstation, method: string, input: unknown = {}): Promise<T> => value<T>(await ws.router(method, input, { transport: 'test' }));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pharos-arbitration-'));
  server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, databaseUrl: null });
  await server.admin.addUser({ username: 'ana', role: 'analyst', password: PASSWORD });
  await server.admin.addUser({ username: 'chef', role: 'supervisor', password: PASSWORD });
  const station = async (name: string) =>
    openStation({ dir, name, serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), username: 'ana', password: PASSWORD });
  desk = await station('bureau');
  laptop = await station('portable');
  chief = await createWorkstation({ dataDir: path.join(dir, 'chef'), kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
  await call(chief, 'vault.create', { passphrase: 'phrase secrète de test' });
  await call(chief, 'enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Supervision' });
  await call(chief, 'auth.login', { username: 'chef', password: PASSWORD });
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await laptop?.close();
  await chief?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('competing decisions, workstation to supervisor', () => {
  it('the losing officer sees why; the supervisor sees both sides and adopts the competing one; sync brings the arbitration', async () => {
    const { id } = await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Faux site.' }, { source: 'public' });
    await desk.sync.now();
    desk.record({ name: 'claim', args: { reportId: id, baseVersion: desk.db.getReport(id)!.version } });
    await desk.sync.now();
    await laptop.sync.now();
    const seen = laptop.db.getReport(id)!.version;
    desk.record({ name: 'setVerification', args: { reportId: id, baseVersion: seen, outcome: 'present' } });
    await desk.sync.now();
    laptop.record({ name: 'setVerification', args: { reportId: id, baseVersion: seen, outcome: 'removed', comment: 'page vide' } });
    await laptop.sync.now();
    const [refused] = laptop.db.outbox.rejections(10);
    expect(refused).toMatchObject({ name: 'setVerification', reason: { kind: 'conflict', message: expect.stringContaining('conservée pour arbitrage') } });

    const [pair] = (await call<CompetingDecision[]>(chief, 'competing.list')).filter((d) => d.reportId === id);
    expect(pair?.applied).toMatchObject({ actor: 'ana', args: { outcome: 'present' } });
    expect(pair?.competing).toMatchObject({ actor: 'ana', args: { outcome: 'removed' } });
    const bad = await chief.router('competing.resolve', { id: pair!.id, resolution: 'adopt_competing', comment: '' }, { transport: 'test' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const resolved = await call<ResolvedCompeting>(chief, 'competing.resolve', { id: pair!.id, resolution: 'adopt_competing', comment: 'Retrait constaté' });
    expect(resolved.resolution).toBe('adopt_competing');
    expect((await call<CompetingDecision[]>(chief, 'competing.list')).some((d) => d.id === pair!.id)).toBe(false);

    await call(chief, 'sync.now');
    const onChief = await call<Report>(chief, 'report.get', { id });
    expect(onChief.version).toBe(resolved.reportVersion);
    expect(onChief.events.slice(-2).map((e) => [e.action, e.actor])).toEqual([['verify', 'ana'], ['arbitrate', 'chef']]);
    await desk.sync.now();
    expect(desk.db.getReport(id)!.events.at(-1)).toMatchObject({ action: 'arbitrate', detail: expect.stringContaining('Retrait constaté') });
  }, 120_000);

  it('an analyst cannot list or arbitrate competing decisions', async () => {
    const ws = await createWorkstation({ dataDir: path.join(dir, 'analyste'), kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
    await call(ws, 'vault.create', { passphrase: 'phrase secrète de test' });
    await call(ws, 'enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Analyste' });
    await call(ws, 'auth.login', { username: 'ana', password: PASSWORD });
    expect(await ws.router('competing.list', {}, { transport: 'test' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await ws.router('competing.resolve', { id: randomUUID(), resolution: 'keep_applied', comment: 'x' }, { transport: 'test' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await ws.close();
  }, 60_000);
});
