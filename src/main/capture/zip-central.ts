import { parseExtras, zip64Values } from './zip-extra';
import { checkName, decodeName } from './zip-names';
import { entryLabel, ZipRefusal } from './zip-refusal';

// The central directory of an evidence ZIP, record by record: what each entry claims to be. Only plain
// entries are admitted — stored or deflated, not encrypted, regular files or empty folders, one volume, no
// comment — with their ZIP64 values taken exactly where the 32-bit fields say so.

export type CentralEntry = {
  index: number;
  name: string;
  rawName: Buffer;
  directory: boolean;
  flags: number;
  method: 0 | 8;
  time: number;
  date: number;
  crc: number;
  csize: number;
  size: number;
  localOffset: number;
};

const CENTRAL = 0x02014b50;
const FIXED = 46;
const ENCRYPTION_FLAGS = 0x0001 | 0x0040 | 0x2000; // traditional, strong, masked central directory
const DESCRIPTOR_FLAG = 0x0008;
const UTF8_FLAG = 0x0800;
const DEFLATE_OPTIONS = 0x0006;
const AES_METHOD = 99;
const UNIX_HOSTS = new Set([3, 19]); // Unix, OS X: the high 16 bits of the external attributes are a st_mode
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

function checkKind(e: CentralEntry, label: string, madeBy: number, external: number, method: number): void {
  if (e.flags & ENCRYPTION_FLAGS || method === AES_METHOD) throw new ZipRefusal('encrypted', label, 'entrée chiffrée');
  const allowed = DESCRIPTOR_FLAG | UTF8_FLAG | (e.method === 8 ? DEFLATE_OPTIONS : 0);
  if (e.flags & ~allowed) throw new ZipRefusal('unsupported-flags', label, `indicateurs 0x${e.flags.toString(16).padStart(4, '0')} non admis`);
  if (e.directory && (e.size !== 0 || e.csize !== 0 || e.method !== 0 || e.crc !== 0)) throw new ZipRefusal('directory-with-data', label, 'dossier qui contient des données');
  if (UNIX_HOSTS.has(madeBy >> 8)) {
    const type = (external >>> 16) & S_IFMT;
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw new ZipRefusal('special-file', label, 'lien symbolique ou fichier spécial');
    if ((type === S_IFDIR) !== e.directory && type !== 0) throw new ZipRefusal('special-file', label, 'type de fichier contraire au nom (dossier ou fichier)');
  }
  if (e.method === 0 && e.csize !== e.size) throw new ZipRefusal('size-mismatch', label, `entrée non compressée de ${e.csize} octets qui en annonce ${e.size}`);
}

function parseRecord(cd: Buffer, at: number, index: number): { entry: CentralEntry; next: number } {
  if (at + FIXED > cd.length || cd.readUInt32LE(at) !== CENTRAL) throw new ZipRefusal('count-mismatch', null, `enregistrement n° ${index + 1} du répertoire central absent ou invalide`);
  const madeBy = cd.readUInt16LE(at + 4);
  const flags = cd.readUInt16LE(at + 8);
  const method = cd.readUInt16LE(at + 10);
  const [nameLen, extraLen, commentLen] = [cd.readUInt16LE(at + 28), cd.readUInt16LE(at + 30), cd.readUInt16LE(at + 32)];
  const next = at + FIXED + nameLen + extraLen + commentLen;
  if (next > cd.length) throw new ZipRefusal('count-mismatch', null, `enregistrement n° ${index + 1} du répertoire central tronqué`);
  const rawName = cd.subarray(at + FIXED, at + FIXED + nameLen);
  const name = decodeName(rawName, flags, index);
  const label = entryLabel(name, index);
  const { directory } = checkName(name, index);
  if (method !== 0 && method !== 8 && method !== AES_METHOD) throw new ZipRefusal('unsupported-method', label, `méthode de compression ${method} non admise (seules « stockée » et « deflate » le sont)`);
  if (commentLen > 0) throw new ZipRefusal('entry-comment', label, `commentaire de ${commentLen} octets (non couvert par le datapackage)`);
  const extras = parseExtras(cd.subarray(at + FIXED + nameLen, at + FIXED + nameLen + extraLen), label, 'répertoire central');
  const [csize32, size32, disk16, offset32] = [cd.readUInt32LE(at + 20), cd.readUInt32LE(at + 24), cd.readUInt16LE(at + 34), cd.readUInt32LE(at + 42)];
  const z = zip64Values(extras, { size: size32 === 0xffffffff, csize: csize32 === 0xffffffff, offset: offset32 === 0xffffffff, disk: disk16 === 0xffff }, label, 'répertoire central');
  if ((z.disk ?? disk16) !== 0) throw new ZipRefusal('multi-disk', label, 'entrée sur un autre volume');
  const entry: CentralEntry = {
    index,
    name,
    rawName,
    directory,
    flags,
    method: method === 8 ? 8 : 0,
    time: cd.readUInt16LE(at + 12),
    date: cd.readUInt16LE(at + 14),
    crc: cd.readUInt32LE(at + 16),
    csize: z.csize ?? csize32,
    size: z.size ?? size32,
    localOffset: z.offset ?? offset32,
  };
  checkKind(entry, label, madeBy, cd.readUInt32LE(at + 38), method);
  return { entry, next };
}

/** Every record of the central directory, which must hold exactly `count` of them and nothing else. */
export function parseCentral(cd: Buffer, count: number): CentralEntry[] {
  const out: CentralEntry[] = [];
  let at = 0;
  while (at < cd.length) {
    if (out.length >= count) throw new ZipRefusal('count-mismatch', null, `répertoire central plus long que les ${count} entrées annoncées`);
    const r = parseRecord(cd, at, out.length);
    out.push(r.entry);
    at = r.next;
  }
  if (out.length !== count) throw new ZipRefusal('count-mismatch', null, `${out.length} entrées dans le répertoire central, ${count} annoncées`);
  return out;
}
