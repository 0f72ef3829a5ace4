import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@shared/domain/report';
import type { CaptureView, PreservationCreated, TransmissionExport } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { submitReport } from '../../../src/server/intake/service';
import type { Workstation } from '../../../src/main/api';
import { verifyTransmissionPackage } from '../../../src/main/transmission';
import { startSite, type Site } from '../../fixtures/capture/site';
import { pdfText } from '../transmission/pdf-text';
import { openStation, type Station } from '../helpers/station';

// Conservatory measures and transmission through the workstation API, against a real server and a real
// capture: an analyst captures, asks the host to preserve the data (PDF + mutation), qualifies, orients
// and proposes; a supervisor on a second workstation approves; the analyst prepares the signed package
// (the capture inside it verifies) and records the transmission; the server ends with the report
// transmitted and the package's hash.

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-conservation-'));
  dirs.push(d);
  return d;
};
const ANALYST = { username: 'ana.conservation', password: 'mot de passe analyste 1' };
const SUPERVISOR = { username: 'sup.conservation', password: 'mot de passe superviseur 1' };

let server: RunningServer;
let site: Site;
let reportId: string;

beforeAll(async () => {
  site = await startSite();
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...ANALYST, role: 'analyst' });
  await server.admin.addUser({ ...SUPERVISOR, role: 'supervisor' });
  reportId = (await submitReport(server.admin.db, { urls: [`${site.http}/`], category: 'scam', description: 'Faux site de vente, à conserver et transmettre.' }, { source: 'public' })).id;
}, 120_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  await site?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function station(user: typeof ANALYST): Promise<Station> {
  const dir = tmp();
  const capture = { options: { allowHosts: [site.httpHost], timeBudgetMs: 15_000, scrollBudgetMs: 1_000 }, exportDir: path.join(dir, 'exports') };
  return openStation(server, user, { dataDir: dir, capture });
}

function captured(ws: Workstation): Promise<CaptureView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('capture non terminée'))), 90_000);
    const off = ws.onEvent((name, payload) => {
      const v = payload as CaptureView;
      if (name === 'capture.progress' && v.state !== 'running') {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

describe('preservation requests and transmission from the workstation', () => {
  let analyst: Station;
  let supervisor: Station;

  it('records a preservation request with its PDF, refuses a package before the decision', async () => {
    analyst = await station(ANALYST);
    await analyst.call('report.claim', { id: reportId });
    const done = captured(analyst.ws);
    await analyst.call('capture.start', { reportId });
    expect((await done).state).toBe('complete');
    const created = await analyst.call<PreservationCreated>('report.requestPreservation', {
      id: reportId, channel: 'host_fr', host: { name: 'Hébergeur Exemple SAS', country: 'FR', contact: 'abuse@hebergeur.example' },
    });
    expect(created.report.decision?.preservations).toMatchObject([{ status: 'sent', durationDays: 90, urls: [`${site.http}/`] }]);
    expect(existsSync(created.file.path)).toBe(true);
    expect(pdfText(readFileSync(created.file.path))).toContain('Hébergeur Exemple SAS');
    const early = await analyst.attempt('report.exportTransmission', { id: reportId });
    expect(early).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  }, 180_000);

  it('goes through verification, qualification, orientation and four-eyes review, then packs, verifies and transmits', async () => {
    await analyst.call('report.verify', { id: reportId, outcome: 'present', captureIds: [] });
    await analyst.call('report.qualify', { id: reportId, qualification: { kind: 'offences', offences: [{ id: 'cp-313-1', natinf: null, label: 'Escroquerie (art. 313-1 C. pén.)' }] } });
    await analyst.call('report.orient', { id: reportId, orientation: { outcome: 'territorial_service', serviceId: 'police-75', justification: 'Auteur localisé à Paris.', urgency: 'normal', attachments: [], duplicateOf: null } });
    await analyst.call('report.propose', { id: reportId });
    await analyst.call('sync.now');
    supervisor = await station(SUPERVISOR);
    await supervisor.call('report.approve', { id: reportId, comment: 'Validé.' });
    await supervisor.call('sync.now');
    await analyst.call('sync.now');
    expect((await analyst.call<Report>('report.get', { id: reportId })).status).toBe('decided');

    const pack = await analyst.call<TransmissionExport>('report.exportTransmission', { id: reportId });
    expect(pack.captures).toBe(1);
    expect(pack.recipient).toMatch(/Paris/);
    const verified = await verifyTransmissionPackage(pack.path);
    expect(verified.problems).toEqual([]);
    expect(verified.captures).toMatchObject([{ ok: true, state: 'complete' }]);
    // No decrypted copy of the evidence is left behind: the exports folder holds the package and the request.
    expect(readdirSync(path.dirname(pack.path)).sort()).toEqual([path.basename(pack.path), expect.stringMatching(/^conservation-.*\.pdf$/)].sort());
    const sent = await analyst.call<Report>('report.transmit', { id: reportId, packageSha256: pack.sha256, recipient: pack.recipient });
    expect(sent.status).toBe('transmitted');
    await analyst.call('sync.now');
    await supervisor.call('sync.now');
    const there = await supervisor.call<Report>('report.get', { id: reportId });
    expect(there.status).toBe('transmitted');
    expect(there.decision?.transmission).toMatchObject({ packageSha256: pack.sha256, by: ANALYST.username });
    expect(there.decision?.preservations).toHaveLength(1);
  }, 240_000);

  afterAll(async () => {
    await analyst?.ws.close();
    await supervisor?.ws.close();
  });
});
