import fs from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '@shared/domain/report';
import type { CaptureState } from '@shared/evidence/provenance';
import { jsonFile, sealDatapackage, sha256Hex, TOOL_VERSION, writeZip, type SigningKey, type Timestamper } from '../capture';
import { writeSummary, type SummarySection } from './summary';

// The transmission package (DESIGN §1 step 5): what the receiving service gets once a report is decided —
// the report, the decision and its qualification, every capture (signed WACZ) with its PV, and a summary
// PDF — in one ZIP sealed like a capture (datapackage.json + signed datapackage-digest.json), so that
// `pharos verify` checks it, and each capture inside it, the same way.

export const TRANSMISSION_PROFILE = 'pharos-transmission';
export const TRANSMISSION_VERSION = '1';

/**
 * One capture of the report: joined with its files when it holds a page (complete, partial), listed
 * with its state and reason in every case, so that a failed or partial capture is never taken for a
 * complete one by the receiving service.
 */
export type PackagedCapture = { id: string; url: string; state: CaptureState; reason: string; waczFile: string | null; pvFile: string | null };

export type TransmissionInput = {
  report: Report;
  /** The decision as recorded (qualification, orientation, review): stored as given, in decision.json. */
  decision: Readonly<Record<string, unknown>>;
  /** The decision in words, for the summary PDF (the caller knows its shape; this module does not). */
  sections: readonly SummarySection[];
  recipient: string;
  officer: string;
  captures: readonly PackagedCapture[];
  key: SigningKey;
  timestamper: Timestamper | null;
  /** The package file to create; never overwritten. */
  outFile: string;
  now?: Date;
};

export type TransmissionResult = {
  file: string;
  bytes: number;
  sha256: string;
  files: { path: string; bytes: number; sha256: string }[];
  signerFingerprint: string;
  timestamp: string | null;
};

type Entry = { path: string; data: Buffer };

const CAPTURE_ID = /^[A-Za-z0-9_-]{1,80}$/;

async function captureEntries(captures: readonly PackagedCapture[]): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const c of captures) {
    // The id becomes a file name inside the package: nothing that could climb out of captures/.
    if (!CAPTURE_ID.test(c.id)) throw new Error(`identifiant de capture invalide : ${c.id.slice(0, 80)}`);
    if (c.waczFile === null) continue;
    out.push({ path: `captures/${c.id}.wacz`, data: await fs.readFile(c.waczFile) });
    if (c.pvFile) out.push({ path: `captures/${c.id}-pv.pdf`, data: await fs.readFile(c.pvFile) });
  }
  return out;
}

export async function buildTransmissionPackage(input: TransmissionInput): Promise<TransmissionResult> {
  const created = (input.now ?? new Date()).toISOString();
  const captured = await captureEntries(input.captures);
  const content: Entry[] = [
    { path: 'report.json', data: jsonFile(input.report) },
    { path: 'decision.json', data: jsonFile(input.decision) },
    ...captured,
  ];
  const listed = content.map((e) => ({ path: e.path, bytes: e.data.length, sha256: sha256Hex(e.data) }));
  const summary = Buffer.from(
    await writeSummary({
      report: input.report, sections: input.sections, recipient: input.recipient, officer: input.officer, created, files: listed,
      captures: input.captures, signer: input.key.fingerprint, packageName: path.basename(input.outFile),
    }),
  );
  content.push({ path: 'summary.pdf', data: summary });
  const files = content.map((e) => ({ path: e.path, bytes: e.data.length, sha256: sha256Hex(e.data) }));
  const datapackage = jsonFile({
    profile: TRANSMISSION_PROFILE,
    pharos_transmission_version: TRANSMISSION_VERSION,
    title: `Transmission du signalement ${input.report.reference}`,
    created,
    software: TOOL_VERSION,
    reportId: input.report.id,
    reference: input.report.reference,
    recipient: input.recipient,
    officer: input.officer,
    resources: files.map((f) => ({ name: path.basename(f.path), path: f.path, hash: `sha256:${f.sha256}`, bytes: f.bytes })),
    // Every capture of the report with its state: "partial" and "failed" are flagged here as in summary.pdf.
    captures: input.captures.map((c) => ({ id: c.id, url: c.url, state: c.state, reason: c.reason, joined: c.waczFile !== null })),
    completeCaptures: input.captures.filter((c) => c.state === 'complete').length,
  });
  const seal = await sealDatapackage({ datapackage, key: input.key, software: TOOL_VERSION, version: TRANSMISSION_VERSION, created, timestamper: input.timestamper });
  await writeZip(input.outFile, [...content, { path: 'datapackage.json', data: datapackage }, { path: 'datapackage-digest.json', data: seal.digest }]);
  const bytes = await fs.readFile(input.outFile);
  return { file: input.outFile, bytes: bytes.length, sha256: sha256Hex(bytes), files, signerFingerprint: input.key.fingerprint, timestamp: seal.timestamp };
}
