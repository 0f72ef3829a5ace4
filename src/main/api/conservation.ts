import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '@shared/api/router';
import type { ExportedFile, Session } from '@shared/api/contract';
import type { Report } from '@shared/domain/report';
import { KindedError } from '@shared/result';
import type { ServiceEntry } from '@shared/workflow/directory';
import { EMPTY_DECISION, type Decision } from '@shared/workflow/decision';
import { sha256Hex, type SigningKey } from '../capture';
import type { LocalDb } from '../db';
import { buildTransmissionPackage, decisionSections, recipientOf, writePreservationRequest, type PackagedCapture } from '../transmission';
import type { Recorder } from './changes';
import { captureStatesOf, completeCount } from './capture-states';

type ConservationHandlers = Pick<
  Handlers,
  'report.requestPreservation' | 'report.setPreservationStatus' | 'report.exportPreservation' | 'report.exportTransmission' | 'report.transmit'
>;

/** What the transmission package needs of the capture service: the report's evidence and the device key. */
export type EvidenceSource = {
  /**
   * Writes the report's complete and partial captures (WACZ and PV, decrypted) into `dir`; every capture
   * of the report with its state, the failed ones without files (listed in the summary, not joined).
   */
  capturesOf(reportId: string, dir: string): Promise<PackagedCapture[]>;
  signingKey(): SigningKey;
};

export type ConservationDeps = {
  requireDb(): LocalDb;
  session(): Promise<Session>;
  recorder: Recorder;
  /** Where documents for the officer are written: one folder per report reference. */
  exportsDir: string;
  service(id: string): ServiceEntry | null;
  evidence: EvidenceSource;
};

const decisionOf = (r: Report): Decision => r.decision ?? EMPTY_DECISION;

async function fileFacts(file: string): Promise<ExportedFile> {
  const data = await fs.readFile(file);
  return { path: file, bytes: data.length, sha256: sha256Hex(data) };
}

/**
 * Conservatory measures and transmission, on the workstation: the documents are written to the exports
 * folder (nothing leaves the workstation by itself), the facts recorded as mutations so the server and
 * every other workstation know what was requested and what was sent.
 */
export function conservationHandlers(deps: ConservationDeps): ConservationHandlers {
  const reportOf = (id: string): Report => {
    const r = deps.requireDb().getReport(id);
    if (!r) throw new KindedError('not_found', 'Signalement introuvable sur ce poste (pas encore synchronisé ?).');
    return r;
  };
  const folderOf = async (r: Report): Promise<string> => {
    const dir = path.join(deps.exportsDir, r.reference.replace(/[^A-Za-z0-9_-]/g, '_'));
    await fs.mkdir(dir, { recursive: true });
    return dir;
  };
  const officer = async (): Promise<string> => (await deps.session())?.user.username ?? 'agent non connecté';

  const preservationPdf = async (r: Report, requestId: string): Promise<ExportedFile> => {
    const p = decisionOf(r).preservations.find((x) => x.requestId === requestId);
    if (!p) throw new KindedError('not_found', 'Demande de conservation inconnue sur ce signalement.');
    const pdf = await writePreservationRequest({ ...p, report: r, officer: p.by, requestedAt: p.at });
    const file = path.join(await folderOf(r), `conservation-${requestId}.pdf`);
    // Regenerated from what is recorded: the same request gives the same document on any workstation.
    await fs.writeFile(file, pdf);
    return fileFacts(file);
  };

  return {
    'report.requestPreservation': async ({ id, channel, host, urls, durationDays }) => {
      const before = reportOf(id);
      const requestId = randomUUID();
      const report = await deps.recorder.record({
        name: 'requestPreservation',
        args: { reportId: id, requestId, channel, host, urls: urls ?? before.urls, durationDays },
      });
      return { report, file: await preservationPdf(report, requestId) };
    },
    'report.setPreservationStatus': async ({ id, requestId, status, note }) =>
      deps.recorder.record({ name: 'setPreservationStatus', args: { reportId: id, requestId, status, ...(note ? { note } : {}) } }),
    'report.exportPreservation': async ({ id, requestId }) => preservationPdf(reportOf(id), requestId),
    'report.exportTransmission': async ({ id }) => {
      const r = reportOf(id);
      if (r.status !== 'decided' && r.status !== 'transmitted') {
        throw new KindedError('conflict', 'Le paquet de transmission se prépare une fois la décision validée par un superviseur.');
      }
      const d = decisionOf(r);
      const folder = await folderOf(r);
      const work = await fs.mkdtemp(path.join(folder, '.paquet-'));
      try {
        const captures = await deps.evidence.capturesOf(id, work);
        const recipient = recipientOf(d, deps.service);
        const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
        const built = await buildTransmissionPackage({
          report: r, decision: d, sections: decisionSections(d, deps.service), recipient, officer: await officer(), captures,
          key: deps.evidence.signingKey(), timestamper: null, outFile: path.join(folder, `transmission-${stamp}.zip`),
        });
        const count = (state: PackagedCapture['state']) => captures.filter((c) => c.state === state).length;
        const joined = captures.filter((c) => c.waczFile !== null).length;
        return { path: built.file, bytes: built.bytes, sha256: built.sha256, recipient, captures: joined, complete: count('complete'), partial: count('partial'), failed: count('failed') };
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    },
    'report.transmit': async ({ id, packageSha256, recipient, confirmNoCompleteCapture }) => {
      const r = reportOf(id);
      // Transmitting a case with no complete capture is sometimes right (content removed since), never by accident.
      if (completeCount(captureStatesOf(deps.requireDb(), r)) === 0 && confirmNoCompleteCapture !== true) {
        throw new KindedError('validation', 'Aucune capture complète de ce signalement : confirmez explicitement la transmission sans capture complète.');
      }
      return deps.recorder.record({ name: 'transmit', args: { reportId: id, baseVersion: deps.recorder.versionOf(id), packageSha256, recipient } });
    },
  };
}
