import fs from 'node:fs/promises';
import path from 'node:path';
import { capture, writePv, type BrowserProvider, type CaptureResult } from '../capture';
import type { CaptureRow, LocalDb, StoredArtifactRef } from '../db';
import type { EvidenceStore } from '../evidence';
import type { CaptureRecord } from '@shared/evidence/record';
import type { CaptureOptions } from '@shared/evidence/provenance';
import { signingKeyOf } from './keys';

// One capture of a report URL, run in the background of the workstation: the engine writes into a
// private work folder, the PV is added, every file goes encrypted into the evidence store, the work
// folder is removed, and the row gets the outcome. Each step is written to the row and announced.

export type JobDeps = {
  db: LocalDb;
  evidence: EvidenceStore;
  provider: BrowserProvider;
  workDir: string;
  options: Partial<Omit<CaptureOptions, 'provider'>>;
  /** The row changed (a step, the outcome): tell the UI. */
  changed(row: CaptureRow): void;
  /** The capture is complete on this workstation: record it for the server (outbox). */
  finished(record: CaptureRecord): void;
  /** The workstation is closing: the capture ends now, as failed, with its reason. */
  signal?: AbortSignal;
};

export async function runJob(row: CaptureRow, deps: JobDeps): Promise<void> {
  const outDir = path.join(deps.workDir, row.id);
  const steps = [...row.steps];
  const step = (label: string) => {
    steps.push({ at: new Date().toISOString(), label });
    deps.changed(deps.db.captures.update(row.id, { steps }));
  };
  let done: { patch: Partial<CaptureRow>; result: CaptureResult | null };
  try {
    done = await captureAndStore(row, deps, outDir, step, steps);
  } catch (e) {
    done = { patch: { state: 'failed', reason: e instanceof Error ? e.message : String(e), endedAt: new Date().toISOString(), steps }, result: null };
  } finally {
    // Plaintext never stays on disk: only the encrypted copies remain, before the outcome is announced.
    await fs.rm(outDir, { recursive: true, force: true });
  }
  const final = deps.db.captures.update(row.id, done.patch);
  deps.changed(final);
  if (done.result) deps.finished(recordOf(final, done.result));
}

async function captureAndStore(
  row: CaptureRow,
  deps: JobDeps,
  outDir: string,
  step: (label: string) => void,
  steps: CaptureRow['steps'],
): Promise<{ patch: Partial<CaptureRow>; result: CaptureResult }> {
  const result = await capture({
    url: row.url,
    outDir,
    provider: deps.provider,
    key: signingKeyOf(deps.db),
    operator: row.operator,
    reportId: row.reportId,
    captureId: row.id,
    options: deps.options,
    onStep: step,
    signal: deps.signal,
  });
  step('Rédaction du procès-verbal (PDF)');
  const read = (f: string) => fs.readFile(path.join(outDir, f)).catch(() => undefined);
  const pv = await writePv(result, { viewport: await read('screenshot-viewport.png'), full: await read('screenshot-full.png') });
  await fs.writeFile(path.join(outDir, 'pv.pdf'), pv, { flag: 'wx' });
  step('Chiffrement des pièces dans le coffre de preuves');
  const stored = await deps.evidence.importCaptureFolder(outDir, { captureId: row.id, reportId: row.reportId });
  const artifacts: StoredArtifactRef[] = stored.map((a) => ({ name: a.name, mime: a.mime, bytes: a.bytes, sha256: a.sha256, evidenceId: a.id }));
  return { patch: outcome(result, artifacts, steps), result };
}

function outcome(r: CaptureResult, artifacts: StoredArtifactRef[], steps: CaptureRow['steps']): Partial<CaptureRow> {
  const p = r.provenance;
  return {
    state: p.state,
    reason: p.reason,
    finalUrl: p.finalUrl,
    endedAt: p.endedAt,
    steps,
    artifacts,
    waczSha256: r.wacz.sha256,
    waczBytes: r.wacz.bytes,
    signer: r.signerFingerprint,
  };
}

function recordOf(row: CaptureRow, r: CaptureResult): CaptureRecord {
  const p = r.provenance;
  return {
    captureId: row.id,
    reportId: row.reportId,
    url: p.urlGiven,
    finalUrl: p.finalUrl,
    state: p.state,
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    waczSha256: r.wacz.sha256,
    waczBytes: r.wacz.bytes,
    signerFingerprint: r.signerFingerprint,
  };
}
