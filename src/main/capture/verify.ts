import { gunzipSync } from 'node:zlib';
import { WARCParser } from 'warcio';
import { fingerprintOf, sha256Hex, verifyText } from './signing';
import { verifyTimestamp } from './tsa';
import { PROVENANCE_FILE } from './wacz';
import { readZip } from './zip';

// `pharos verify`: anyone holding a WACZ can check that not one byte changed since it was signed. Each
// problem names the file (and for the WARC, the record) that is wrong, so a court expert can point at it.

export type VerifyReport = {
  ok: boolean;
  problems: string[];
  files: { path: string; bytes: number; sha256: string; ok: boolean }[];
  signer: string | null; // fingerprint of the signing key
  created: string | null;
  timestamp: string | null;
  state: string | null;
  url: string | null;
};

type Resource = { path: string; hash: string; bytes: number };
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

function isResource(v: unknown): v is Resource {
  const r = v as Resource;
  return typeof r === 'object' && r !== null && typeof r.path === 'string' && typeof r.hash === 'string' && typeof r.bytes === 'number';
}

/** Find the WARC record that no longer matches its block digest (or the offset where the file breaks). */
export async function locateWarcDamage(gz: Buffer): Promise<string[]> {
  let raw: Buffer;
  try {
    raw = gunzipSync(gz);
  } catch (e) {
    return [`archive/data.warc.gz : compression gzip endommagée (${e instanceof Error ? e.message : String(e)})`];
  }
  const problems: string[] = [];
  let n = 0;
  try {
    const parser = new WARCParser([raw], { parseHttp: false });
    for await (const record of parser) {
      n++;
      const block = await record.readFully(false);
      const expected = record.warcBlockDigest;
      if (expected && expected !== `sha256:${sha256Hex(block)}`) {
        problems.push(`archive/data.warc.gz : enregistrement ${record.warcHeader('WARC-Record-ID') ?? n} (${record.warcType} ${record.warcTargetURI ?? ''}) modifié`);
      }
    }
  } catch (e) {
    problems.push(`archive/data.warc.gz : illisible après l’enregistrement n° ${n} (${e instanceof Error ? e.message : String(e)})`);
  }
  return problems;
}

/** What a package verifier adds when a listed file is damaged (the WARC names its broken record). */
export type DamageLocator = (path: string, data: Buffer) => Promise<string[]>;

/**
 * The checks shared by every signed data package (capture WACZ, transmission package): each file listed
 * in datapackage.json re-hashed, nothing unlisted, the digest's signature, seal and timestamp. Returns
 * the zip's entries for the caller's own checks (null when the archive cannot be read).
 */
export async function verifySignedPackage(file: string, locate: DamageLocator): Promise<{ report: VerifyReport; entries: Map<string, Buffer> | null }> {
  const report: VerifyReport = { ok: false, problems: [], files: [], signer: null, created: null, timestamp: null, state: null, url: null };
  let entries: Map<string, Buffer>;
  try {
    entries = await readZip(file);
  } catch (e) {
    report.problems.push(`${file} : archive ZIP illisible (${e instanceof Error ? e.message : String(e)})`);
    return { report, entries: null };
  }
  const dp = entries.get('datapackage.json');
  const dpJson = parseJson(dp) as { resources?: unknown } | null | undefined;
  const digestRaw = entries.get('datapackage-digest.json');
  const digestJson = parseJson(digestRaw) as DigestDoc | null | undefined;
  if (!dp || !dpJson || !Array.isArray(dpJson.resources)) report.problems.push('datapackage.json : absent ou illisible');
  if (!digestJson) report.problems.push('datapackage-digest.json : absent ou illisible');
  const resources = Array.isArray(dpJson?.resources) ? dpJson.resources.filter(isResource) : [];
  const listed = new Set(['datapackage.json', 'datapackage-digest.json']);
  for (const r of resources) {
    listed.add(r.path);
    const data = entries.get(r.path);
    const sha = data ? sha256Hex(data) : '';
    const good = !!data && `sha256:${sha}` === r.hash && data.length === r.bytes;
    report.files.push({ path: r.path, bytes: data?.length ?? 0, sha256: sha, ok: good });
    if (!data) report.problems.push(`${r.path} : fichier listé mais absent`);
    else if (!good) {
      report.problems.push(`${r.path} : empreinte SHA-256 ou taille différente de celle du datapackage.json`);
      report.problems.push(...(await locate(r.path, data)));
    }
  }
  for (const name of entries.keys()) if (!listed.has(name)) report.problems.push(`${name} : fichier non listé dans datapackage.json`);
  if (dp && digestJson && digestRaw) await checkSignature(report, dp, digestJson, digestRaw);
  report.ok = report.problems.length === 0;
  return { report, entries };
}

export async function verifyWacz(file: string): Promise<VerifyReport> {
  const { report, entries } = await verifySignedPackage(file, async (p, data) => (p.endsWith('.warc.gz') ? locateWarcDamage(data) : []));
  const prov = parseJson(entries?.get(PROVENANCE_FILE)) as { state?: string; urlGiven?: string } | null | undefined;
  report.state = prov?.state ?? null;
  report.url = prov?.urlGiven ?? null;
  return report;
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
