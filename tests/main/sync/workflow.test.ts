import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '@shared/workflow/directory';
import type { Report } from '@shared/domain/report';
import type { SyncStatus } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { submitReport } from '../../../src/server/intake/service';
import { openStation, type Station } from '../helpers/station';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-wf-'));
  dirs.push(d);
  return d;
};

let server: RunningServer;
let serverDir: string;
let port: number;
const ANALYST = { username: 'ana.lyste', password: 'mot de passe analyste 1' };
const SUPERVISOR = { username: 'super.viseur', password: 'mot de passe superviseur 1' };

beforeAll(async () => {
  serverDir = tmp();
  server = await startServer({ dataDir: serverDir, port: 0, databaseUrl: null });
  port = server.port;
  await server.admin.addUser({ ...ANALYST, role: 'analyst' });
  await server.admin.addUser({ ...SUPERVISOR, role: 'supervisor' });
}, 120_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const station = (user: typeof ANALYST): Promise<Station> => openStation(server, user, { dataDir: tmp() });

describe('decision workflow offline on a workstation, then synced', () => {
  let analyst: Station;
  let supervisor: Station;
  let reportId: string;

  it('receives the directory with the reports', async () => {
    ({ id: reportId } = await submitReport(server.admin.db, { urls: ['https://forum.exemple.org/fil/42'], category: 'terrorism', description: 'Vidéo faisant l’apologie d’un attentat.', reporter: { postcode: '69003' } }, { source: 'public' }));
    analyst = await station(ANALYST);
    supervisor = await station(SUPERVISOR);
    const dir = await analyst.call<Directory>('directory.get');
    expect(dir.version).toBeGreaterThan(0);
    expect(dir.services.filter((s) => s.kind === 'territorial_police')).toHaveLength(101);
    expect((await analyst.call<Report>('report.get', { id: reportId })).reporter?.postcode).toBe('69003');
  }, 120_000);

  it('qualifies, orients and proposes with the server stopped; nothing is lost', async () => {
    await server.close();
    await analyst.call('report.claim', { id: reportId });
    await analyst.call('report.verify', { id: reportId, outcome: 'present', captureIds: ['cap-1'] });
    await analyst.call('report.qualify', { id: reportId, qualification: { kind: 'offences', offences: [{ id: 'ter-1', natinf: null, label: 'Apologie du terrorisme (art. 421-2-5 C. pén.)' }] } });
    // Checked offline against the local directory: an unknown service is refused at once, nothing recorded.
    const bad = await analyst.attempt('report.orient', { id: reportId, orientation: { outcome: 'territorial_service', serviceId: 'nulle-part', justification: 'Compétence territoriale du lieu de résidence.', urgency: 'normal', attachments: [], duplicateOf: null } });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    await analyst.call('report.orient', { id: reportId, orientation: { outcome: 'territorial_service', serviceId: 'police-69', justification: 'Compétence territoriale du lieu de résidence.', urgency: 'urgent', attachments: ['cap-1'], duplicateOf: null } });
    const shown = await analyst.call<Report>('report.propose', { id: reportId });
    expect(shown.status).toBe('decision_proposed');
    expect(shown.decision?.orientation?.serviceId).toBe('police-69');
    const offline = await analyst.attempt('sync.now');
    expect(offline.ok).toBe(false);
    expect((await analyst.call<SyncStatus>('sync.status')).pending).toBe(5);
  }, 60_000);

  it('reconnects: the proposal reaches the server and the supervisor, who approves it; decided everywhere', async () => {
    server = await startServer({ dataDir: serverDir, port, databaseUrl: null });
    expect(await analyst.call<SyncStatus>('sync.now')).toMatchObject({ pending: 0, lastError: null });
    await supervisor.call('sync.now');
    const proposal = await supervisor.call<Report>('report.get', { id: reportId });
    expect(proposal).toMatchObject({ status: 'decision_proposed', claimedBy: ANALYST.username });
    expect(proposal.decision?.proposal?.by).toBe(ANALYST.username);
    // The analyst cannot approve (refused on the workstation already).
    expect(await analyst.attempt('report.approve', { id: reportId })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await supervisor.call('report.approve', { id: reportId, comment: 'Transmission validée.' });
    expect(await supervisor.call<SyncStatus>('sync.now')).toMatchObject({ pending: 0, lastError: null });
    await analyst.call('sync.now');
    for (const s of [analyst, supervisor]) {
      const r = await s.call<Report>('report.get', { id: reportId });
      expect(r.status).toBe('decided');
      expect(r.decision?.review).toMatchObject({ verdict: 'approved', by: SUPERVISOR.username });
      expect(r.events.map((e) => e.action)).toEqual(['receive', 'claim', 'verify', 'qualify', 'orient', 'propose', 'approve']);
    }
    await analyst.ws.close();
    await supervisor.ws.close();
  }, 120_000);
});
