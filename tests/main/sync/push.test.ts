import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/server/app';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { openStation, type Station } from '../../sync-faults/station';

let dir: string;
let server: RunningServer;
let ana: Station;
let bob: Station;
const PASSWORD = 'mot de passe de test 123';

const newReport = async (): Promise<string> =>
  (await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Faux site de vente en ligne.' }, { source: 'public' })).id;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pharos-push-'));
  server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, databaseUrl: null });
  const station = async (name: string): Promise<Station> => {
    await server.admin.addUser({ username: name, role: 'analyst', password: PASSWORD });
    return openStation({ dir, name, serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), username: name, password: PASSWORD });
  };
  ana = await station('ana');
  bob = await station('bob');
}, 120_000);

afterAll(async () => {
  await ana?.close();
  await bob?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox, push and acknowledgement against a real server', () => {
  it('a change recorded offline shows at once, waits in the outbox, and is replaced by the server’s state after sync', async () => {
    const id = await newReport();
    await ana.sync.now();
    const before = ana.db.getReport(id)!;
    expect(ana.record({ name: 'claim', args: { reportId: id, baseVersion: before.version } })).toBe(1);
    expect(ana.record({ name: 'note', args: { reportId: id, text: 'Page encore en ligne.' } })).toBe(2);
    const local = ana.db.getReport(id)!;
    expect(local).toMatchObject({ status: 'in_progress', claimedBy: 'ana', version: before.version });
    expect(local.events.map((e) => e.action)).toEqual(['receive', 'claim', 'note']);
    expect(ana.sync.status().pending).toBe(2);

    const status = await ana.sync.now();
    expect(status).toMatchObject({ pending: 0, lastError: null });
    const synced = ana.db.getReport(id)!;
    expect(synced.version).toBeGreaterThan(before.version);
    expect(synced.events.map((e) => e.action)).toEqual(['receive', 'claim', 'note']);
    expect(synced.events.every((e) => !e.id.startsWith('local:'))).toBe(true);
    const log = await queryRows<{ mutation_id: string; status: string }>(server.admin.db, sql`select mutation_id, status from sync_mutations where client_id = ${ana.clientId} order by seq`);
    expect(log.map((r) => [Number(r.mutation_id), r.status])).toEqual([[1, 'applied'], [2, 'applied']]);
  });

  it('two officers claim the same report offline: the second is refused, told why, and sees the first one’s claim', async () => {
    const id = await newReport();
    await Promise.all([ana.sync.now(), bob.sync.now()]);
    ana.record({ name: 'claim', args: { reportId: id, baseVersion: ana.db.getReport(id)!.version } });
    const bobId = bob.record({ name: 'claim', args: { reportId: id, baseVersion: bob.db.getReport(id)!.version } });
    expect(bob.db.getReport(id)?.claimedBy).toBe('bob');
    await ana.sync.now();
    await bob.sync.now();
    expect(bob.db.getReport(id)).toMatchObject({ status: 'in_progress', claimedBy: 'ana' });
    expect(bob.db.outbox.count()).toBe(0);
    const rejections = bob.db.outbox.rejections(10);
    expect(rejections[0]).toMatchObject({ id: bobId, name: 'claim', reportId: id, reason: { kind: 'conflict' } });
    expect(rejections[0]?.reason.message).toContain('ana');
  });

  it('a waiting change is shown again on top of newer server data', async () => {
    const id = await newReport();
    await Promise.all([ana.sync.now(), bob.sync.now()]);
    bob.record({ name: 'note', args: { reportId: id, text: 'Note de Bob, pas encore envoyée.' } });
    ana.record({ name: 'claim', args: { reportId: id, baseVersion: ana.db.getReport(id)!.version } });
    await ana.sync.now();
    // Bob pulls without pushing (nothing acknowledged): the server's claim arrives, his note stays on top.
    const { pullAll } = await import('../../../src/main/sync');
    const identity = bob.db.device.get()!;
    const { createServerClient } = await import('../../../src/main/server-client');
    const client = createServerClient({ serverUrl: identity.serverUrl, certPem: identity.certPem, fingerprint: identity.fingerprint });
    await pullAll({ db: bob.db, client, token: bob.auth.accessToken, onProgress: () => undefined });
    await client.close();
    const shown = bob.db.getReport(id)!;
    expect(shown).toMatchObject({ status: 'in_progress', claimedBy: 'ana' });
    expect(shown.events.map((e) => e.action)).toEqual(['receive', 'claim', 'note']);
    expect(bob.db.outbox.count()).toBe(1);
    await bob.sync.now();
    expect(bob.db.outbox.count()).toBe(0);
    expect(bob.db.getReport(id)!.events.map((e) => e.action)).toEqual(['receive', 'claim', 'note']);
  });
});
