import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../../src/main/capture/zip';
import type { Report } from '@shared/domain/report';
import type { CaptureView, TransmissionExport } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { submitReport } from '../../../src/server/intake/service';
import type { Workstation } from '../../../src/main/api';
import { startSite, type Site } from '../../fixtures/capture/site';
import { pdfText } from '../transmission/pdf-text';
import { openStation, type Station } from '../helpers/station';

// A capture that did not end complete is no proof that the content is there: linking one to "contenu
// présent" and transmitting a case without any complete capture both need the officer's explicit
// confirmation, enforced by the workstation API; the confirmation and the captures' states travel with
// the verification (the supervisor sees them), and the package flags the failed capture.

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-incomplete-'));
  dirs.push(d);
  return d;
};
const ANALYST = { username: 'ana.incomplete', password: 'mot de passe analyste 2' };
const SUPERVISOR = { username: 'sup.incomplete', password: 'mot de passe superviseur 2' };

let server: RunningServer;
let site: Site;
let reportId: string;

beforeAll(async () => {
  site = await startSite();
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...ANALYST, role: 'analyst' });
  await server.admin.addUser({ ...SUPERVISOR, role: 'supervisor' });
  reportId = (await submitReport(server.admin.db, { urls: [`${site.http}/`], category: 'scam', description: 'Faux site de vente, capture impossible.' }, { source: 'public' })).id;
}, 120_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  await site?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** No allowed host: the fixture site on the loopback is refused, so every capture fails. */
function station(user: typeof ANALYST): Promise<Station> {
  const dir = tmp();
  return openStation(server, user, { dataDir: dir, capture: { options: { timeBudgetMs: 15_000, scrollBudgetMs: 1_000 }, exportDir: path.join(dir, 'exports') } });
}

function captured(ws: Workstation): Promise<CaptureView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('capture non terminée'))), 90_000);
    const off = ws.onEvent((name, payload) => {
      const v = payload as CaptureView;
      if (name === 'capture.progress' && v.state !== 'running' && v.upload !== null) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

describe('failed captures as evidence', () => {
  let analyst: Station;
  let supervisor: Station;
  let failed: CaptureView;

  it('refuses a failed capture as proof of "contenu présent" without confirmation, records it with one', async () => {
    analyst = await station(ANALYST);
    await analyst.call('report.claim', { id: reportId });
    const done = captured(analyst.ws);
    await analyst.call('capture.start', { reportId });
    failed = await done;
    expect(failed.state).toBe('failed');

    const refused = await analyst.attempt('report.verify', { id: reportId, outcome: 'present', captureIds: [failed.id] });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/Capture non complète.*échec.*Confirmez/) } });
    expect((await analyst.call<Report>('report.get', { id: reportId })).decision?.verification ?? null).toBeNull();

    const confirmed = await analyst.call<Report>('report.verify', { id: reportId, outcome: 'present', captureIds: [failed.id], confirmIncomplete: true });
    expect(confirmed.decision?.verification).toMatchObject({ outcome: 'present', captureIds: [failed.id], incompleteCaptures: [{ id: failed.id, state: 'failed' }], confirmedIncomplete: true });
  }, 180_000);

  it('needs no confirmation for "contenu inaccessible", but still records the failed state', async () => {
    const r = await analyst.call<Report>('report.verify', { id: reportId, outcome: 'inaccessible', captureIds: [failed.id] });
    expect(r.decision?.verification).toMatchObject({ outcome: 'inaccessible', incompleteCaptures: [{ id: failed.id, state: 'failed' }] });
    expect(r.decision?.verification?.confirmedIncomplete).toBeUndefined();
    await analyst.call('report.verify', { id: reportId, outcome: 'present', captureIds: [failed.id], confirmIncomplete: true });
  });

  it('shows the supervisor the failed state and the confirmation; flags the package; transmits only when confirmed', async () => {
    await analyst.call('report.qualify', { id: reportId, qualification: { kind: 'offences', offences: [{ id: 'cp-313-1', natinf: null, label: 'Escroquerie (art. 313-1 C. pén.)' }] } });
    await analyst.call('report.orient', { id: reportId, orientation: { outcome: 'territorial_service', serviceId: 'police-75', justification: 'Auteur localisé à Paris.', urgency: 'normal', attachments: [], duplicateOf: null } });
    await analyst.call('report.propose', { id: reportId });
    await analyst.call('sync.now');
    supervisor = await station(SUPERVISOR);
    const reviewed = await supervisor.call<Report>('report.get', { id: reportId });
    expect(reviewed.decision?.verification).toMatchObject({ incompleteCaptures: [{ id: failed.id, state: 'failed' }], confirmedIncomplete: true });
    expect(reviewed.captures).toMatchObject([{ captureId: failed.id, state: 'failed' }]);
    await supervisor.call('report.approve', { id: reportId, comment: 'Validé.' });
    await supervisor.call('sync.now');
    await analyst.call('sync.now');

    const pack = await analyst.call<TransmissionExport>('report.exportTransmission', { id: reportId });
    expect(pack).toMatchObject({ captures: 0, complete: 0, partial: 0, failed: 1 });
    const entries = await readZip(pack.path);
    const summary = pdfText(entries.get('summary.pdf') ?? Buffer.alloc(0));
    expect(summary).toContain('0 capture complète sur 1 capture du signalement');
    expect(summary).toMatch(new RegExp(`Capture ${failed.id} .*ÉCHEC de la capture : échec de la navigation`));
    expect(summary).not.toMatch(/\(0 capture\)/);
    const listing = JSON.parse(entries.get('datapackage.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(listing).toMatchObject({ completeCaptures: 0, captures: [{ id: failed.id, state: 'failed', joined: false }] });

    const unconfirmed = await analyst.attempt('report.transmit', { id: reportId, packageSha256: pack.sha256, recipient: pack.recipient });
    expect(unconfirmed).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/Aucune capture complète/) } });
    expect((await analyst.call<Report>('report.get', { id: reportId })).status).toBe('decided');
    const sent = await analyst.call<Report>('report.transmit', { id: reportId, packageSha256: pack.sha256, recipient: pack.recipient, confirmNoCompleteCapture: true });
    expect(sent.status).toBe('transmitted');
  }, 240_000);

  afterAll(async () => {
    await analyst?.ws.close();
    await supervisor?.ws.close();
  });
});
