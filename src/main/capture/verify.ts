import { fingerprintOf, sha256Hex, verifyText } from './signing';
import { verifyTimestamp } from './tsa';
import { PROVENANCE_FILE } from './wacz';
import { locateWarcDamage } from './warc-damage';
import { checkListing, METADATA_MAX_BYTES, type Resource } from './verify-listing';
import { EvidenceZip, type ZipLimits } from './zip-read';
import { ZipRefusal, type ZipRefusalCode } from './zip-refusal';
import type { ByteSource } from './zip-source';

// `pharos verify`: anyone holding a WACZ can check that not one byte changed since it was signed. Each
// problem names the file (and for the WARC, the record) that is wrong, so a court expert can point at it.
// The archive is read by the evidence ZIP reader: an archive that two unzip tools could read differently is
// refused before anything is certified, and every file is hashed as a stream, bounded by its declared size.

export type VerifyReport = {
  ok: boolean;
  problems: string[];
  /** The refusals among the problems, by reason code (entry null: the archive as a whole). */
  refusals: { code: ZipRefusalCode; entry: string | null }[];
  files: { path: string; bytes: number; sha256: string; ok: boolean }[];
  signer: string | null; // fingerprint of the signing key
  created: string | null;
  timestamp: string | null;
  state: string | null;
  url: string | null;
};

export type VerifyOptions = { limits?: Partial<ZipLimits> };

type SignedData = {
  hash?: string;
  signature?: string;
  publicKey?: string;
  created?: string;
  timeSignature?: string;
  documentSignature?: string;
};
type DigestDoc = { path?: string; hash?: string; signedData?: SignedData };

export function parseJson(buf: Buffer | undefined): unknown {
  if (!buf) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return null;
  }
}

/** What a package verifier adds when a listed file is damaged (the WARC names its broken record). */
export type DamageLocator = (path: string, content: () => AsyncIterable<Buffer>, bytes: number) => Promise<string[]>;

/** What a package's own checks get: the open archive and its parsed datapackage.json. */
export type PackageChecks = (zip: EvidenceZip, datapackage: unknown, report: VerifyReport) => Promise<void>;

export function emptyReport(): VerifyReport {
  return { ok: false, problems: [], refusals: [], files: [], signer: null, created: null, timestamp: null, state: null, url: null };
}

/** Records a problem; a refusal of the reader also by its code. */
export function addProblem(report: VerifyReport, e: unknown, fallback: string): void {
  if (e instanceof ZipRefusal) {
    report.problems.push(e.message);
    report.refusals.push({ code: e.code, entry: e.entry });
  } else report.problems.push(`${fallback} (${e instanceof Error ? e.message : String(e)})`);
}

async function readMetadata(zip: EvidenceZip, name: string, report: VerifyReport): Promise<Buffer | undefined> {
  const entry = zip.get(name);
  if (!entry) return undefined;
  try {
    return await zip.read(entry, METADATA_MAX_BYTES);
  } catch (e) {
    addProblem(report, e, `${name} : illisible`);
    return undefined;
  }
}

async function* upTo(source: AsyncGenerator<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let left = limit;
  for await (const chunk of source) {
    if (left <= 0) break;
    yield chunk.length > left ? chunk.subarray(0, left) : chunk;
    left -= chunk.length;
  }
}

async function checkFile(zip: EvidenceZip, r: Resource, locate: DamageLocator, report: VerifyReport): Promise<void> {
  const entry = zip.get(r.path);
  if (!entry || entry.directory) {
    report.files.push({ path: r.path, bytes: 0, sha256: '', ok: false });
    report.problems.push(`${r.path} : fichier listé mais absent`);
    return;
  }
  // Locating the damage reads no more than the signed size, whatever the archive announces.
  const located = () => locate(r.path, () => upTo(zip.chunks(entry, entry.size, false), r.bytes), Math.min(entry.size, r.bytes));
  if (entry.size !== r.bytes) {
    // Not hashed: the size alone says the file changed.
    report.files.push({ path: r.path, bytes: entry.size, sha256: '', ok: false });
    addProblem(report, new ZipRefusal('size-mismatch', r.path, `${entry.size} octets dans l’archive, ${r.bytes} dans le datapackage.json`), r.path);
    report.problems.push(...(await located()));
    return;
  }
  let sha = '';
  try {
    sha = await zip.sha256(entry, r.bytes);
  } catch (e) {
    addProblem(report, e, `${r.path} : illisible`);
    report.files.push({ path: r.path, bytes: entry.size, sha256: '', ok: false });
    // Data that does not match its own CRC was changed: say where, as for a changed hash.
    if (e instanceof ZipRefusal && e.code === 'crc-mismatch') report.problems.push(...(await located()));
    return;
  }
  const good = `sha256:${sha}` === r.hash;
  report.files.push({ path: r.path, bytes: entry.size, sha256: sha, ok: good });
  if (!good) {
    report.problems.push(`${r.path} : empreinte SHA-256 ou taille différente de celle du datapackage.json`);
    report.problems.push(...(await located()));
  }
}

/**
 * The checks shared by every signed data package (capture WACZ, transmission package): the archive's
 * structure, each file listed in datapackage.json re-hashed, nothing unlisted, the digest's signature, seal
 * and timestamp; then the caller's own checks on the still open archive.
 */
export async function verifySignedPackage(from: string | ByteSource, locate: DamageLocator, more: PackageChecks, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const report = emptyReport();
  let zip: EvidenceZip;
  try {
    zip = await EvidenceZip.open(from, opts.limits);
  } catch (e) {
    addProblem(report, e, `${typeof from === 'string' ? from : 'archive'} : archive ZIP illisible`);
    return report;
  }
  try {
    const dp = await readMetadata(zip, 'datapackage.json', report);
    const digestRaw = await readMetadata(zip, 'datapackage-digest.json', report);
    const dpJson = parseJson(dp);
    const digestJson = parseJson(digestRaw) as DigestDoc | null | undefined;
    if (!digestJson) report.problems.push('datapackage-digest.json : absent ou illisible');
    const resources = checkListing(zip, dpJson, report);
    for (const r of resources) await checkFile(zip, r, locate, report);
    if (dp && digestJson && digestRaw) await checkSignature(report, dp, digestJson, digestRaw);
    await more(zip, dpJson, report);
  } finally {
    await zip.close();
  }
  report.ok = report.problems.length === 0;
  return report;
}

const locateInWarc: DamageLocator = async (p, content, bytes) => (p.endsWith('.warc.gz') ? locateWarcDamage(p, content(), bytes) : []);

export async function verifyWacz(from: string | ByteSource, opts: VerifyOptions = {}): Promise<VerifyReport> {
  return verifySignedPackage(
    from,
    locateInWarc,
    async (zip, _dp, report) => {
      const prov = parseJson(await readMetadata(zip, PROVENANCE_FILE, report)) as { state?: string; urlGiven?: string } | null | undefined;
      report.state = typeof prov?.state === 'string' ? prov.state : null;
      report.url = typeof prov?.urlGiven === 'string' ? prov.urlGiven : null;
    },
    opts,
  );
}

/** The document seal: the digest file as written, minus its own seal, signed by the same key. */
function sealIntact(digest: DigestDoc, raw: Buffer): boolean {
  const s = digest.signedData;
  if (!s?.documentSignature || !s.publicKey) return false;
  if (raw.toString('utf8') !== JSON.stringify(digest, null, 2) + '\n') return false;
  const { documentSignature, ...rest } = s;
  return verifyText(s.publicKey, JSON.stringify({ ...digest, signedData: rest }), documentSignature);
}

async function checkSignature(report: VerifyReport, dp: Buffer, digest: DigestDoc, raw: Buffer): Promise<void> {
  const hash = `sha256:${sha256Hex(dp)}`;
  if (digest.hash !== hash) report.problems.push('datapackage.json : empreinte différente de celle de datapackage-digest.json');
  const s = digest.signedData;
  if (!s?.signature || !s.publicKey || s.hash !== digest.hash) {
    report.problems.push('datapackage-digest.json : signature absente ou incomplète');
    return;
  }
  report.created = s.created ?? null;
  report.signer = fingerprintOf(Buffer.from(s.publicKey, 'base64'));
  if (!verifyText(s.publicKey, hash, s.signature)) report.problems.push('datapackage-digest.json : signature invalide');
  else if (!sealIntact(digest, raw)) report.problems.push('datapackage-digest.json : contenu modifié après signature');
  if (s.timeSignature) {
    const t = await verifyTimestamp(s.timeSignature, Buffer.from(s.signature, 'base64'));
    if (t.ok) report.timestamp = t.time;
    else report.problems.push(`datapackage-digest.json : horodatage RFC 3161 invalide (${t.error})`);
  }
}
