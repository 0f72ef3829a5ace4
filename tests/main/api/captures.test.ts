import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '@shared/domain/report';
import type { Result } from '@shared/result';
import type { CaptureExport, CaptureImage, CaptureView, SyncStatus } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { exportEvidence } from '../../../src/server/evidence/export';
import { submitReport } from '../../../src/server/intake/service';
import { createWorkstation, type Workstation } from '../../../src/main/api';
import { verifyWacz } from '../../../src/main/capture';
import { startSite, type Site } from '../../fixtures/capture/site';
import { TEST_KDF } from '../helpers/temp';

// The capture of a report from the workstation API, against a real server (PGlite, HTTPS) and the local
// fixture site, with Debian's Chromium: progress events, encrypted evidence, exports, verification, the
// capture recorded through the outbox and its WACZ uploaded, resumed after a restart of the workstation.

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-capture-api-'));
  dirs.push(d);
  return d;
};
const USER = { username: 'analyste.capture', password: 'mot de passe de test 123' };
const PASSPHRASE = 'phrase secrète de test';

let server: RunningServer;
let site: Site;
let dataDir: string;
let reportId: string;

beforeAll(async () => {
  site = await startSite();
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...USER, role: 'analyst' });
  reportId = (await submitReport(server.admin.db, { urls: [`${site.http}/`, `${site.http}/tall`], category: 'scam', description: 'Faux site de banque, page à conserver.' }, { source: 'public' })).id;
  dataDir = tmp();
}, 60_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  await site?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const open = (dir: string) =>
  createWorkstation({
    dataDir: dir, kdf: TEST_KDF, syncIntervalMs: 3_600_000,
    capture: { options: { allowHosts: [site.httpHost], timeBudgetMs: 15_000, scrollBudgetMs: 1_000 }, exportDir: path.join(dir, 'exports'), uploadChunkBytes: 16 * 1024, uploadBaseDelayMs: 100 },
  });

/** The server's copy of a capture's WACZ, decrypted from its evidence store. */
async function serverCopy(captureId: string): Promise<Buffer> {
  const out = path.join(tmp(), 'copy.wacz');
  await exportEvidence({ db: server.admin.db, dataDir: dirs[0]!, captureId, out });
  return readFileSync(out);
}

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value as T;
}

/** Resolves with the first capture.progress event that satisfies `done`. */
function waitFor(ws: Workstation, done: (v: CaptureView) => boolean, ms = 60_000): Promise<CaptureView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('capture.progress attendu'))), ms);
    const off = ws.onEvent((name, payload) => {
      if (name === 'capture.progress' && done(payload as CaptureView)) {
        clearTimeout(timer);
        off();
        resolve(payload as CaptureView);
      }
    });
  });
}

describe('capture of a report from the workstation', () => {
  let ws: Workstation;
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => value<T>(await ws.router(method, input, { transport: 'test' }));
  let first: CaptureView;

  it('captures the report URL with progress events, keeps the evidence encrypted, lists, shows, exports and verifies it', async () => {
    ws = await open(dataDir);
    await call('vault.create', { passphrase: PASSPHRASE });
    await call('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Poste capture' });
    await call('auth.login', USER);
    await call<SyncStatus>('sync.now');
    const refused = await ws.router('capture.start', { reportId, url: 'https://ailleurs.example/' }, { transport: 'test' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const steps: string[] = [];
    ws.onEvent((name, p) => name === 'capture.progress' && steps.push(...(p as CaptureView).steps.map((s) => s.label).slice(steps.length)));
    const finished = waitFor(ws, (v) => v.state !== 'running');
    const started = await call<CaptureView>('capture.start', { reportId });
    expect(started).toMatchObject({ reportId, url: `${site.http}/`, state: 'running', operator: expect.any(String) });
    first = await finished;
    expect(first.state).toBe('complete');
    expect(steps).toEqual(expect.arrayContaining(['Chargement de la page', 'Rédaction du procès-verbal (PDF)', 'Chiffrement des pièces dans le coffre de preuves']));
    const names = first.artifacts.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['capture.wacz', 'pv.pdf', 'screenshot-full.png', 'screenshot-viewport.png']));
    expect(first.artifacts.every((a) => /^[0-9a-f]{64}$/.test(a.sha256) && a.bytes > 0)).toBe(true);
    expect(first.signer).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect((await call<CaptureView[]>('capture.list', { reportId })).map((c) => c.id)).toEqual([first.id]);

    // At rest: only ciphertext, nothing left in the work folder.
    const evidenceDir = path.join(dataDir, 'evidence');
    for (const f of readdirSync(evidenceDir)) {
      const bytes = readFileSync(path.join(evidenceDir, f));
      expect(bytes.includes(Buffer.from('PNG')) || bytes.includes(Buffer.from('%PDF'))).toBe(false);
    }
    expect(readdirSync(path.join(dataDir, 'capture-work'))).toEqual([]);

    const image = await call<CaptureImage>('capture.image', { captureId: first.id, image: 'screenshot-viewport' });
    expect(image.dataUrl.startsWith('data:image/png;base64,iVBOR')).toBe(true);
    const out = path.join(tmp(), 'choisi');
    const exported = await call<CaptureExport>('capture.export', { captureId: first.id, what: ['pv', 'wacz'], folder: out });
    expect(exported).toMatchObject({ folder: out, opened: false });
    const [pv, wacz] = exported.files;
    expect(readFileSync(pv!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(readFileSync(wacz!)).digest('hex')).toBe(first.waczSha256);
    expect((await verifyWacz(wacz!)).ok).toBe(true);
    const byDefault = await call<CaptureExport>('capture.export', { captureId: first.id, what: ['pv'] });
    expect(byDefault.folder.startsWith(path.join(dataDir, 'exports'))).toBe(true);
    expect((await ws.router('capture.export', { captureId: first.id, what: ['pv'], folder: 'relatif' }, { transport: 'test' })).ok).toBe(false);
    const verified = await call<CaptureView>('capture.verify', { captureId: first.id });
    expect(verified.verification).toMatchObject({ ok: true, problems: [] });
  }, 120_000);

  it('records the capture through the outbox and uploads its WACZ; the report document comes back with it', async () => {
    const isDone = (v: CaptureView) => v.id === first.id && v.upload?.state === 'done';
    const uploaded = waitFor(ws, isDone);
    // The uploader asks sync to push the record (recordCapture) when the server does not know the capture yet.
    await call<SyncStatus>('sync.now');
    const listed = (await call<CaptureView[]>('capture.list', { reportId })).find(isDone);
    const done = listed ?? (await uploaded);
    expect(done.upload).toMatchObject({ state: 'done', sent: done.upload?.total });
    const stored = await serverCopy(first.id);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(first.waczSha256);
    await call<SyncStatus>('sync.now');
    const report = ReportSchema.parse(await call('report.get', { id: reportId }));
    expect(report.captures).toEqual([expect.objectContaining({ captureId: first.id, waczSha256: first.waczSha256, recordedBy: USER.username })]);
    expect(report.captures?.[0]?.uploadedAt).not.toBeNull();
    expect(report.events.some((e) => e.action === 'capture')).toBe(true);
  }, 60_000);

  it('resumes an upload cut short by closing the workstation, from the offset the server holds', async () => {
    await call<SyncStatus>('sync.now');
    const part = waitFor(ws, (v) => v.state !== 'running' && v.upload?.state === 'uploading' && v.upload.sent > 0);
    const second = await call<CaptureView>('capture.start', { reportId, url: `${site.http}/tall` });
    const finished = waitFor(ws, (v) => v.id === second.id && v.state !== 'running');
    await finished;
    await call<SyncStatus>('sync.now');
    const partial = await part;
    await ws.close();
    const held = path.join(dirs[0]!, 'evidence', `${second.id}.upload.json`);
    expect(existsSync(held)).toBe(true);
    const heldBytes = (JSON.parse(readFileSync(held, 'utf8')) as { received: number }).received;
    expect(heldBytes).toBeGreaterThan(0);
    expect(heldBytes).toBeLessThan(partial.upload?.total ?? 0);

    ws = await open(dataDir);
    const sentAfterRestart: number[] = [];
    ws.onEvent((name, p) => name === 'capture.progress' && (p as CaptureView).id === second.id && sentAfterRestart.push((p as CaptureView).upload?.sent ?? -1));
    const done = waitFor(ws, (v) => v.id === second.id && v.upload?.state === 'done');
    await call('vault.unlock', { passphrase: PASSPHRASE });
    const view = await done;
    expect(view.upload?.sent).toBe(view.upload?.total);
    // The first chunk sent after the restart went on from the server's offset, not from zero.
    expect(Math.min(...sentAfterRestart)).toBeGreaterThanOrEqual(heldBytes);
    const stored = await serverCopy(second.id);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(view.waczSha256);
    await ws.close();
  }, 120_000);

  it('closing the workstation ends a capture still loading within 5 s: its browser closed, the capture kept as failed with why', async () => {
    const hanging = (await submitReport(server.admin.db, { urls: [`${site.http}/hang`], category: 'scam', description: 'Page qui ne finit pas de se charger.' }, { source: 'public' })).id;
    ws = await open(dataDir);
    await call('vault.unlock', { passphrase: PASSPHRASE });
    await call('auth.login', USER);
    await call<SyncStatus>('sync.now');
    const loading = waitFor(ws, (v) => v.steps.some((s) => s.label === 'Chargement de la page'));
    const last: CaptureView[] = [];
    ws.onEvent((name, p) => name === 'capture.progress' && last.push(p as CaptureView));
    const started = await call<CaptureView>('capture.start', { reportId: hanging });
    await loading;
    const t0 = Date.now();
    await ws.close();
    expect(Date.now() - t0).toBeLessThanOrEqual(5_000);
    expect(last.filter((v) => v.id === started.id).at(-1)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/capture interrompue/) });
  }, 120_000);
});
