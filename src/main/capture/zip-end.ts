import { u64 } from './zip-extra';
import { ZipRefusal } from './zip-refusal';
import type { ByteSource } from './zip-source';

// The end of an evidence ZIP: exactly one end-of-central-directory record, the last 22 bytes of the file (so
// no archive comment: bytes there would be covered by no datapackage), and for ZIP64 its locator and record
// just before it, consistent with it. Nothing may follow.

const EOCD = 0x06054b50;
const LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const EOCD_SIZE = 22;
const LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;

export type ZipEnd = {
  entries: number;
  cdOffset: number;
  cdSize: number;
  /** Where the central directory must end: the ZIP64 end record, or the end record. */
  cdEnd: number;
};

export type EndLimits = { maxEntries: number; maxCentralDirectoryBytes: number };

/** Positions of every end-record signature in `buf` (relative to `buf`). */
export function endSignatures(buf: Buffer): number[] {
  const out: number[] = [];
  for (let at = buf.indexOf('PK\x05\x06', 0, 'latin1'); at !== -1; at = buf.indexOf('PK\x05\x06', at + 1, 'latin1')) out.push(at);
  return out;
}

async function findEnd(src: ByteSource): Promise<number> {
  if (src.size < EOCD_SIZE) throw new ZipRefusal('unreadable', null, 'trop court pour une archive ZIP');
  const tailStart = Math.max(0, src.size - EOCD_SIZE - 0xffff);
  const tail = await src.read(tailStart, src.size - tailStart);
  const found = endSignatures(tail).filter((p) => p + EOCD_SIZE <= tail.length);
  // An end record is only the real one if its comment length reaches exactly the end of the file.
  const exact = found.filter((p) => tail.readUInt16LE(p + 20) === tail.length - p - EOCD_SIZE);
  if (exact.length === 0) {
    if (found.length > 0) throw new ZipRefusal('data-after-end', null, 'octets après l’enregistrement de fin de l’archive');
    throw new ZipRefusal('unreadable', null, 'aucun enregistrement de fin de répertoire central (pas une archive ZIP ?)');
  }
  if (exact.length > 1) throw new ZipRefusal('multiple-end-records', null, `${exact.length} enregistrements de fin de répertoire central`);
  const at = exact[0] ?? 0;
  if (tail.length - at > EOCD_SIZE) throw new ZipRefusal('archive-comment', null, `commentaire d’archive de ${tail.length - at - EOCD_SIZE} octets (non couvert par le datapackage)`);
  return tailStart + at;
}

type Counts = { onDisk: number; total: number; cdSize: number; cdOffset: number };

async function readZip64(src: ByteSource, eocdAt: number, small: Counts): Promise<ZipEnd & { onDisk: number }> {
  const loc = await src.read(eocdAt - LOCATOR_SIZE, LOCATOR_SIZE);
  if (loc.readUInt32LE(4) !== 0 || loc.readUInt32LE(16) > 1) throw new ZipRefusal('multi-disk', null, 'archive ZIP64 en plusieurs volumes');
  const recAt = u64(loc, 8, null);
  if (recAt + ZIP64_EOCD_SIZE !== eocdAt - LOCATOR_SIZE) throw new ZipRefusal('zip64-inconsistent', null, 'enregistrement de fin ZIP64 absent ou mal placé');
  const rec = await src.read(recAt, ZIP64_EOCD_SIZE);
  if (rec.readUInt32LE(0) !== ZIP64_EOCD || u64(rec, 4, null) !== ZIP64_EOCD_SIZE - 12) throw new ZipRefusal('zip64-inconsistent', null, 'enregistrement de fin ZIP64 invalide');
  if (rec.readUInt32LE(16) !== 0 || rec.readUInt32LE(20) !== 0) throw new ZipRefusal('multi-disk', null, 'archive ZIP64 en plusieurs volumes');
  const big: Counts = { onDisk: u64(rec, 24, null), total: u64(rec, 32, null), cdSize: u64(rec, 40, null), cdOffset: u64(rec, 48, null) };
  const agree = (k: keyof Counts, sentinel: number) => small[k] === sentinel || small[k] === big[k];
  if (!agree('onDisk', 0xffff) || !agree('total', 0xffff) || !agree('cdSize', 0xffffffff) || !agree('cdOffset', 0xffffffff)) {
    throw new ZipRefusal('zip64-inconsistent', null, 'les enregistrements de fin ZIP et ZIP64 ne s’accordent pas');
  }
  return { entries: big.total, cdOffset: big.cdOffset, cdSize: big.cdSize, cdEnd: recAt, onDisk: big.onDisk };
}

export async function readEnd(src: ByteSource, limits: EndLimits): Promise<ZipEnd> {
  const at = await findEnd(src);
  const e = await src.read(at, EOCD_SIZE);
  if (e.readUInt32LE(0) !== EOCD) throw new ZipRefusal('unreadable', null, 'enregistrement de fin illisible');
  const disk = e.readUInt16LE(4);
  const cdDisk = e.readUInt16LE(6);
  const small: Counts = { onDisk: e.readUInt16LE(8), total: e.readUInt16LE(10), cdSize: e.readUInt32LE(12), cdOffset: e.readUInt32LE(16) };
  const hasLocator = at >= LOCATOR_SIZE + ZIP64_EOCD_SIZE && (await src.read(at - LOCATOR_SIZE, 4)).readUInt32LE(0) === LOCATOR;
  const needs64 = small.onDisk === 0xffff || small.total === 0xffff || small.cdSize === 0xffffffff || small.cdOffset === 0xffffffff;
  if (!hasLocator && needs64) throw new ZipRefusal('zip64-inconsistent', null, 'valeurs ZIP64 annoncées sans enregistrement ZIP64');
  if ((disk !== 0 && !(hasLocator && disk === 0xffff)) || (cdDisk !== 0 && !(hasLocator && cdDisk === 0xffff))) throw new ZipRefusal('multi-disk', null, 'archive en plusieurs volumes');
  const end = hasLocator ? await readZip64(src, at, small) : { entries: small.total, cdOffset: small.cdOffset, cdSize: small.cdSize, cdEnd: at, onDisk: small.onDisk };
  if (end.onDisk !== end.entries) throw new ZipRefusal('count-mismatch', null, `${end.onDisk} entrées sur ce volume, ${end.entries} au total`);
  if (end.entries > limits.maxEntries) throw new ZipRefusal('too-many-entries', null, `${end.entries} entrées (au plus ${limits.maxEntries})`);
  if (end.cdSize > limits.maxCentralDirectoryBytes) throw new ZipRefusal('too-many-entries', null, `répertoire central de ${end.cdSize} octets (au plus ${limits.maxCentralDirectoryBytes})`);
  return { entries: end.entries, cdOffset: end.cdOffset, cdSize: end.cdSize, cdEnd: end.cdEnd };
}
