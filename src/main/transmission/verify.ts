import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EvidenceZip, METADATA_MAX_BYTES, parseJson, verifySignedPackage, verifyWacz, type VerifyOptions, type VerifyReport, type ZipLimits } from '../capture';
import { TRANSMISSION_PROFILE } from './package';

// `pharos verify` on a transmission package: the package's own seal (every file re-hashed, signature,
// timestamp), then each capture inside it verified as a WACZ of its own, its problems named by their
// path in the package. A capture stored whole (as the package writer does) is read in place; a compressed
// one is first inflated to a private temporary file, under the same bounds — never into memory.

export type CaptureCheck = { path: string; ok: boolean; url: string | null; state: string | null; signer: string | null };
export type TransmissionReport = VerifyReport & { kind: 'transmission'; reference: string | null; captures: CaptureCheck[] };

async function verifyInflated(zip: EvidenceZip, entryPath: string, opts: VerifyOptions): Promise<VerifyReport> {
  const entry = zip.get(entryPath);
  if (!entry) throw new Error('entrée absente');
  const range = zip.storedRange(entry);
  if (range) return verifyWacz(range, opts);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pharos-verify-'));
  try {
    const file = path.join(dir, 'capture.wacz');
    await pipeline(Readable.from(zip.chunks(entry)), (await fs.open(file, 'wx', 0o600)).createWriteStream());
    return await verifyWacz(file, opts);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function verifyNested(zip: EvidenceZip, entryPath: string, report: VerifyReport, opts: VerifyOptions): Promise<CaptureCheck> {
  let r: VerifyReport;
  try {
    r = await verifyInflated(zip, entryPath, opts);
  } catch (e) {
    report.problems.push(`${entryPath} › illisible (${e instanceof Error ? e.message : String(e)})`);
    return { path: entryPath, ok: false, url: null, state: null, signer: null };
  }
  report.problems.push(...r.problems.map((p) => `${entryPath} › ${p}`));
  report.refusals.push(...r.refusals.map((f) => ({ code: f.code, entry: `${entryPath} › ${f.entry ?? 'archive'}` })));
  return { path: entryPath, ok: r.ok, url: r.url, state: r.state, signer: r.signer };
}

export async function verifyTransmissionPackage(file: string, opts: VerifyOptions = {}): Promise<TransmissionReport> {
  const captures: CaptureCheck[] = [];
  let reference: string | null = null;
  const report = await verifySignedPackage(
    file,
    async () => [],
    async (zip, datapackage, report) => {
      const dp = datapackage as { profile?: unknown; reference?: unknown } | null | undefined;
      if (dp?.profile !== TRANSMISSION_PROFILE) report.problems.push(`datapackage.json : profil « ${String(dp?.profile)} » au lieu de « ${TRANSMISSION_PROFILE} »`);
      reference = typeof dp?.reference === 'string' ? dp.reference : null;
      for (const f of report.files.filter((x) => x.path.endsWith('.wacz'))) {
        if (zip.get(f.path)) captures.push(await verifyNested(zip, f.path, report, opts));
      }
    },
    opts,
  );
  return { ...report, kind: 'transmission', reference, captures };
}

/** Which kind of signed package a file is, from its datapackage.json (null: not one we know, or refused). */
export async function packageKind(file: string, limits: Partial<ZipLimits> = {}): Promise<'wacz' | 'transmission' | null> {
  let zip: EvidenceZip;
  try {
    zip = await EvidenceZip.open(file, limits);
  } catch {
    return null;
  }
  try {
    const entry = zip.get('datapackage.json');
    const dp = parseJson(entry ? await zip.read(entry, METADATA_MAX_BYTES) : undefined) as { profile?: unknown; wacz_version?: unknown } | null | undefined;
    if (dp?.profile === TRANSMISSION_PROFILE) return 'transmission';
    return dp?.wacz_version !== undefined || zip.get('archive/data.warc.gz') ? 'wacz' : null;
  } catch {
    return null;
  } finally {
    await zip.close();
  }
}
