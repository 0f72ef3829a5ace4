import { parseCentral, type CentralEntry } from './zip-central';
import { readEnd, endSignatures } from './zip-end';
import { parseExtras, u64, zip64Values } from './zip-extra';
import { checkNameSet } from './zip-names';
import { entryLabel, ZipRefusal, type ZipRefusalCode } from './zip-refusal';
import type { ByteSource } from './zip-source';

// The layout of an evidence ZIP, checked whole before one byte of content is read: the entries' local
// headers say what the central directory says, and the file is exactly [entries, back to back from byte 0]
// [central directory][end records] — no byte before, between or after that is not part of an entry, so that
// every reader (from the start or from the end) sees the same entries and nothing else hides in the file.

export type ZipEntry = CentralEntry & { dataStart: number };

export type StructureLimits = {
  maxEntries: number;
  maxCentralDirectoryBytes: number;
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  /** Deflated entries larger than ratioFloor may not announce more than maxRatio times their compressed size. */
  maxRatio: number;
  ratioFloor: number;
};

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const DESCRIPTOR = 0x08074b50;
const LOCAL_FIXED = 30;

/** Bytes that belong to nothing: named as hidden end records when they hold one (a second archive). */
async function strayBytes(src: ByteSource, start: number, end: number, code: ZipRefusalCode, where: string): Promise<ZipRefusal> {
  const probe = end - start <= 16 * 1024 * 1024 ? await src.read(start, end - start) : Buffer.alloc(0);
  if (endSignatures(probe).length > 0) return new ZipRefusal('multiple-end-records', null, `un second enregistrement de fin est caché ${where}`);
  return new ZipRefusal(code, null, `${end - start} octets ${where}`);
}

async function locateCentral(src: ByteSource, cdOffset: number, cdSize: number, cdEnd: number): Promise<void> {
  if (cdOffset + cdSize > cdEnd) throw new ZipRefusal('central-directory-bounds', null, 'le répertoire central déborde sur l’enregistrement de fin');
  if (cdOffset + cdSize === cdEnd) return;
  const sigAt = async (p: number) => p >= 0 && p + 4 <= src.size && (await src.read(p, 4)).readUInt32LE(0) === CENTRAL;
  if (cdSize > 0 && !(await sigAt(cdOffset)) && (await sigAt(cdEnd - cdSize))) {
    throw await strayBytes(src, 0, cdEnd - cdSize - cdOffset, 'data-before-entries', 'avant la première entrée (décalages de l’archive faussés)');
  }
  throw await strayBytes(src, cdOffset + cdSize, cdEnd, 'data-after-central-directory', 'entre le répertoire central et l’enregistrement de fin');
}

function mismatch(label: string, field: string, local: number, central: number): ZipRefusal {
  return new ZipRefusal('header-mismatch', label, `l’en-tête local et le répertoire central diffèrent (${field} : ${local} contre ${central})`);
}

async function readDescriptor(src: ByteSource, e: CentralEntry, label: string, at: number, next: number): Promise<void> {
  const len = next - at;
  if (len > 24) throw new ZipRefusal('data-between-entries', label, `${len - 24} octets ou plus entre cette entrée et la suivante`);
  if (len < 12) throw new ZipRefusal('descriptor-mismatch', label, 'descripteur de données absent ou tronqué');
  const d = await src.read(at, len);
  const signed = d.readUInt32LE(0) === DESCRIPTOR && (len === 16 || len === 24);
  if (!signed && len !== 12 && len !== 20) throw new ZipRefusal('descriptor-mismatch', label, `descripteur de données de ${len} octets`);
  const base = signed ? 4 : 0;
  const wide = len - base === 20;
  const crc = d.readUInt32LE(base);
  const csize = wide ? u64(d, base + 4, label) : d.readUInt32LE(base + 4);
  const size = wide ? u64(d, base + 12, label) : d.readUInt32LE(base + 8);
  if (crc !== e.crc || csize !== e.csize || size !== e.size) throw new ZipRefusal('descriptor-mismatch', label, 'le descripteur de données et le répertoire central diffèrent (CRC ou tailles)');
}

/** Checks an entry's local header against its central record; returns where its data starts. */
async function checkLocal(src: ByteSource, e: CentralEntry, next: number, after: CentralEntry | undefined): Promise<number> {
  const label = entryLabel(e.name, e.index);
  const overlap = () =>
    after
      ? new ZipRefusal('overlapping-entries', entryLabel(after.name, after.index), `commence à l’intérieur de l’entrée ${label}`)
      : new ZipRefusal('overlapping-entries', label, 'données chevauchant le répertoire central');
  if (e.localOffset + LOCAL_FIXED > next) throw overlap();
  const h = await src.read(e.localOffset, LOCAL_FIXED);
  if (h.readUInt32LE(0) !== LOCAL) throw new ZipRefusal('header-mismatch', label, `pas d’en-tête local à l’octet ${e.localOffset}`);
  const [nameLen, extraLen] = [h.readUInt16LE(26), h.readUInt16LE(28)];
  const dataStart = e.localOffset + LOCAL_FIXED + nameLen + extraLen;
  if (dataStart + e.csize > next) throw overlap();
  const rest = await src.read(e.localOffset + LOCAL_FIXED, nameLen + extraLen);
  if (!rest.subarray(0, nameLen).equals(e.rawName)) throw new ZipRefusal('header-mismatch', label, `l’en-tête local porte un autre nom (« ${entryLabel(rest.subarray(0, nameLen).toString('utf8'), e.index)} »)`);
  const fields: [string, number, number][] = [['indicateurs', h.readUInt16LE(6), e.flags], ['méthode', h.readUInt16LE(8), e.method], ['heure', h.readUInt16LE(10), e.time], ['date', h.readUInt16LE(12), e.date]];
  for (const [field, l, c] of fields) if (l !== c) throw mismatch(label, field, l, c);
  const extras = parseExtras(rest.subarray(nameLen), label, 'en-tête local');
  const [crc, csize32, size32] = [h.readUInt32LE(14), h.readUInt32LE(18), h.readUInt32LE(22)];
  const wide = csize32 === 0xffffffff || size32 === 0xffffffff;
  const z = zip64Values(extras, { size: wide, csize: wide, offset: false, disk: false }, label, 'en-tête local');
  const local = { crc, csize: z.csize ?? csize32, size: z.size ?? size32 };
  // With a data descriptor the local header may leave CRC and sizes at zero; otherwise they must agree.
  const deferred = (e.flags & 0x0008) !== 0 && local.crc === 0 && local.csize === 0 && local.size === 0;
  if (!deferred) {
    if (local.crc !== e.crc) throw mismatch(label, 'CRC-32', local.crc, e.crc);
    if (local.csize !== e.csize) throw mismatch(label, 'taille compressée', local.csize, e.csize);
    if (local.size !== e.size) throw mismatch(label, 'taille', local.size, e.size);
  }
  const dataEnd = dataStart + e.csize;
  if (e.flags & 0x0008) await readDescriptor(src, e, label, dataEnd, next);
  else if (dataEnd < next) throw await strayBytes(src, dataEnd, next, 'data-between-entries', `après l’entrée ${label}`);
  return dataStart;
}

function checkSizes(entries: readonly CentralEntry[], limits: StructureLimits): void {
  let total = 0;
  for (const e of entries) {
    const label = entryLabel(e.name, e.index);
    if (e.method === 8 && e.size > limits.ratioFloor && e.size > e.csize * limits.maxRatio) {
      throw new ZipRefusal('compression-ratio', label, `${e.csize} octets compressés annoncés comme ${e.size} (plus de ${limits.maxRatio} fois : bombe de décompression ?)`);
    }
    total += e.size;
  }
  if (total > limits.maxTotalBytes) throw new ZipRefusal('package-too-large', null, `${total} octets une fois décompressée (au plus ${limits.maxTotalBytes})`);
}

/** Every entry of the archive in central-directory order, after every structural check. */
export async function readStructure(src: ByteSource, limits: StructureLimits): Promise<ZipEntry[]> {
  const end = await readEnd(src, limits);
  await locateCentral(src, end.cdOffset, end.cdSize, end.cdEnd);
  const central = parseCentral(await src.read(end.cdOffset, end.cdSize), end.entries);
  checkNameSet(central);
  checkSizes(central, limits);
  const byOffset = [...central].sort((a, b) => a.localOffset - b.localOffset);
  const first = byOffset[0]?.localOffset ?? end.cdOffset;
  if (first > 0) throw await strayBytes(src, 0, first, 'data-before-entries', 'avant la première entrée');
  const starts = new Map<CentralEntry, number>();
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i];
    if (!e) continue;
    const after = byOffset[i + 1];
    starts.set(e, await checkLocal(src, e, after?.localOffset ?? end.cdOffset, after));
  }
  return central.map((e) => ({ ...e, dataStart: starts.get(e) ?? 0 }));
}
