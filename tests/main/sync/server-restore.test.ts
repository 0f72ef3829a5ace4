import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/server/app';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { openStation, type Station } from '../../sync-faults/station';

/**
 * The server restored from an older backup (issue 3): it forgot changes it had confirmed to the
 * workstation. The workstation kept them (retention window), finds the server behind at the next sync,
 * pushes them again with the same ids, and the server ends with everything exactly once.
 */
const PASSWORD = 'mot de passe de test 123';
let dir: string;
let dataDir: string;
let server: RunningServer;
let ana: Station;
let port = 0;

const start = async (): Promise<void> => {
  server = await startServer({ dataDir, port, databaseUrl: null });
  port = server.port;
};
const newReport = async (): Promise<string> =>
  (await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Faux site de vente.' }, { source: 'public' })).id;
const serverLog = async (clientId: string) =>
  (await queryRows<{ id: string; status: string }>(server.admin.db, sql`select mutation_id as id, status from sync_mutations where client_id = ${clientId} order by seq`)).map((r) => [Number(r.id), r.status]);
const notes = async (id: string) =>
  (await queryRows<{ detail: string }>(server.admin.db, sql`select detail from report_events where report_id = ${id} and action = 'note' order by at`)).map((r) => r.detail);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pharos-restore-'));
  dataDir = path.join(dir, 'server');
  await start();
  await server.admin.addUser({ username: 'ana', role: 'analyst', password: PASSWORD });
  ana = await openStation({ dir, name: 'ana', serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), username: 'ana', password: PASSWORD });
}, 120_000);

afterAll(async () => {
  await ana?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('server restored from an older backup', () => {
  it('the workstation re-pushes what the server forgot; the server has every change exactly once', async () => {
    const a = await newReport();
    const b = await newReport();
    await ana.sync.now();
    ana.record({ name: 'claim', args: { reportId: a, baseVersion: ana.db.getReport(a)!.version } });
    ana.record({ name: 'note', args: { reportId: a, text: 'avant la sauvegarde' } });
    expect((await ana.sync.now()).pending).toBe(0);

    // Backup: a copy of the data folder while the server is stopped.
    await server.close();
    const backup = path.join(dir, 'backup');
    cpSync(dataDir, backup, { recursive: true });
    await start();

    ana.record({ name: 'note', args: { reportId: a, text: 'après la sauvegarde 1' } });
    ana.record({ name: 'setVerification', args: { reportId: a, baseVersion: ana.db.getReport(a)!.version, outcome: 'present' } });
    ana.record({ name: 'claim', args: { reportId: b, baseVersion: ana.db.getReport(b)!.version } });
    expect((await ana.sync.now()).pending).toBe(0);
    expect(await serverLog(ana.clientId)).toHaveLength(5);

    // Disaster: the server comes back from the backup, without changes 3 to 5.
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(backup, dataDir, { recursive: true });
    await start();
    expect(await serverLog(ana.clientId)).toHaveLength(2);

    // Meanwhile the officer goes on working.
    ana.record({ name: 'note', args: { reportId: b, text: 'après la restauration' } });
    const status = await ana.sync.now();
    expect(status).toMatchObject({ pending: 0, lastError: null, serverRestored: { resent: 3 } });

    expect(await serverLog(ana.clientId)).toEqual([1, 2, 3, 4, 5, 6].map((id) => [id, 'applied']));
    expect(await notes(a)).toEqual(['avant la sauvegarde', 'après la sauvegarde 1']);
    expect(await notes(b)).toEqual(['après la restauration']);
    const [rb] = await queryRows<{ status: string; claimed_by: string; version: string }>(server.admin.db, sql`select status, claimed_by, version from reports where id = ${b}`);
    expect(rb).toMatchObject({ status: 'in_progress', claimed_by: 'ana' });
    // The workstation shows the server's state again, nothing waiting, nothing shown twice.
    const local = ana.db.getReport(b)!;
    expect(local.version).toBe(Number(rb!.version));
    expect(local.events.filter((e) => e.action === 'note')).toHaveLength(1);
    expect(ana.db.getReport(a)!.events.filter((e) => e.action === 'note')).toHaveLength(2);

    // A later sync brings nothing twice; the notice stays until dismissed.
    await ana.sync.now();
    expect(await serverLog(ana.clientId)).toHaveLength(6);
    expect(ana.sync.dismissRestored().serverRestored).toBeNull();
  }, 120_000);
});
