import type { ArtifactDigest, Provenance } from '@shared/evidence/provenance';
import { jsonFile, sealDatapackage } from './seal';
import { sha256Hex, type SigningKey } from './signing';
import type { Timestamper } from './tsa';
import type { CdxEntry } from './warc';
import { WARC_NAME } from './warc';
import { writeZip } from './zip';

// WACZ 1.1.1: archive/, indexes/index.cdxj, pages/pages.jsonl, datapackage.json listing every file with its
// SHA-256 and size, and datapackage-digest.json signed with the device key (WACZ signing spec, "anonymous"
// form: hash, created, software, version, signature, publicKey), plus an RFC 3161 token over the signature.

export const WACZ_VERSION = '1.1.1';
export const PROVENANCE_FILE = 'provenance.json';

/** SURT form of a URL for sorting the index (scheme dropped, host reversed, "www." kept out). */
export function surt(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return raw;
  const host = u.hostname.replace(/^www\./, '').split('.').reverse().join(',');
  const port = u.port ? `:${u.port}` : '';
  return `${host}${port})${u.pathname}${u.search}`.toLowerCase();
}

export const warcTimestamp = (iso: string): string => iso.replace(/[^0-9]/g, '').slice(0, 14);

export function cdxj(entries: CdxEntry[]): string {
  const lines = entries.map((e) => {
    const fields = {
      url: e.url,
      mime: e.mime.split(';')[0]?.trim() ?? '',
      ...(e.status !== null ? { status: String(e.status) } : {}),
      digest: e.digest,
      length: String(e.length),
      offset: String(e.offset),
      filename: WARC_NAME,
      recordId: e.recordId,
    };
    return `${surt(e.url)} ${warcTimestamp(e.date)} ${JSON.stringify(fields)}`;
  });
  return lines.sort().join('\n') + (lines.length ? '\n' : '');
}

export type WaczInput = {
  file: string;
  warc: Uint8Array;
  index: CdxEntry[];
  provenance: Provenance;
  title: string;
  software: string;
  key: SigningKey;
  timestamper: Timestamper | null;
};

export type WaczResult = { files: ArtifactDigest[]; digestHash: string; timestamp: string | null };

const json = jsonFile;

export async function writeWacz(input: WaczInput): Promise<WaczResult> {
  const p = input.provenance;
  const pageUrl = p.finalUrl ?? p.urlGiven;
  const pages =
    JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }) +
    '\n' +
    JSON.stringify({ id: p.captureId, url: pageUrl, ts: p.startedAt, title: input.title }) +
    '\n';
  const content = [
    { path: `archive/${WARC_NAME}`, data: Buffer.from(input.warc) },
    { path: 'indexes/index.cdxj', data: Buffer.from(cdxj(input.index), 'utf8') },
    { path: 'pages/pages.jsonl', data: Buffer.from(pages, 'utf8') },
    { path: PROVENANCE_FILE, data: json(p) },
  ];
  const files: ArtifactDigest[] = content.map((c) => ({ path: c.path, bytes: c.data.length, sha256: sha256Hex(c.data) }));
  const created = new Date().toISOString();
  const datapackage = json({
    profile: 'data-package',
    wacz_version: WACZ_VERSION,
    title: input.title || pageUrl,
    created,
    modified: created,
    software: input.software,
    mainPageUrl: pageUrl,
    mainPageDate: p.startedAt,
    resources: files.map((f) => ({ name: f.path.split('/').pop(), path: f.path, hash: `sha256:${f.sha256}`, bytes: f.bytes })),
  });
  const { digest, hash, timestamp } = await sealDatapackage({ datapackage, key: input.key, software: input.software, version: WACZ_VERSION, created, timestamper: input.timestamper });
  await writeZip(input.file, [
    ...content,
    { path: 'datapackage.json', data: datapackage },
    { path: 'datapackage-digest.json', data: digest },
  ]);
  files.push({ path: 'datapackage.json', bytes: datapackage.length, sha256: sha256Hex(datapackage) });
  files.push({ path: 'datapackage-digest.json', bytes: digest.length, sha256: sha256Hex(digest) });
  return { files, digestHash: hash, timestamp };
}
