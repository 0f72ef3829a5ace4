import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseJson, readZip, verifySignedPackage, verifyWacz, type VerifyReport } from '../capture';
import { TRANSMISSION_PROFILE } from './package';

// `pharos verify` on a transmission package: the package's own seal (every file re-hashed, signature,
// timestamp), then each capture inside it verified as a WACZ of its own, its problems named by their
// path in the package.

export type CaptureCheck = { path: string; ok: boolean; url: string | null; state: string | null; signer: string | null };
export type TransmissionReport = VerifyReport & { kind: 'transmission'; reference: string | null; captures: CaptureCheck[] };

async function verifyNested(entryPath: string, data: Buffer): Promise<{ check: CaptureCheck; problems: string[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pharos-verify-'));
  try {
    const file = path.join(dir, 'capture.wacz');
    await fs.writeFile(file, data);
    const r = await verifyWacz(file);
    return {
      check: { path: entryPath, ok: r.ok, url: r.url, state: r.state, signer: r.signer },
      problems: r.problems.map((p) => `${entryPath} › ${p}`),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function verifyTransmissionPackage(file: string): Promise<TransmissionReport> {
  const { report, entries } = await verifySignedPackage(file, async () => []);
  const out: TransmissionReport = { ...report, kind: 'transmission', reference: null, captures: [] };
  if (!entries) return out;
  const dp = parseJson(entries.get('datapackage.json')) as { profile?: unknown; reference?: unknown } | null | undefined;
  if (dp?.profile !== TRANSMISSION_PROFILE) out.problems.push(`datapackage.json : profil « ${String(dp?.profile)} » au lieu de « ${TRANSMISSION_PROFILE} »`);
  out.reference = typeof dp?.reference === 'string' ? dp.reference : null;
  for (const f of report.files.filter((x) => x.path.endsWith('.wacz'))) {
    const data = entries.get(f.path);
    if (!data) continue;
    const nested = await verifyNested(f.path, data);
    out.captures.push(nested.check);
    out.problems.push(...nested.problems);
  }
  out.ok = out.problems.length === 0;
  return out;
}

/** Which kind of signed package a file is, from its datapackage.json (null: not one we know). */
export async function packageKind(file: string): Promise<'wacz' | 'transmission' | null> {
  try {
    const entries = await readZip(file);
    const dp = parseJson(entries.get('datapackage.json')) as { profile?: unknown; wacz_version?: unknown } | null | undefined;
    if (dp?.profile === TRANSMISSION_PROFILE) return 'transmission';
    return dp?.wacz_version !== undefined || entries.has('archive/data.warc.gz') ? 'wacz' : null;
  } catch {
    return null;
  }
}
