import { ZipRefusal } from './zip-refusal';

// Extra fields of ZIP headers. Only the few that carry nothing but sizes and times are allowed, each at its
// own size: any other one is a place to hide bytes that no datapackage covers, or — the Info-ZIP Unicode path
// field (0x7075) — a second name that some tools extract under instead of the header's.

const ZIP64 = 0x0001;
/** id → largest size allowed: ZIP64 sizes, NTFS times, Info-ZIP extended timestamp, Info-ZIP Unix UID/GID. */
const ALLOWED = new Map<number, number>([
  [ZIP64, 28],
  [0x000a, 32],
  [0x5455, 13],
  [0x7875, 19],
]);

export type Extras = Map<number, Buffer>;

export function parseExtras(buf: Buffer, label: string, where: string): Extras {
  const out: Extras = new Map();
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) throw new ZipRefusal('extra-field', label, `champ supplémentaire tronqué (${where})`);
    const id = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    if (at + 4 + len > buf.length) throw new ZipRefusal('extra-field', label, `champ supplémentaire 0x${id.toString(16)} tronqué (${where})`);
    const max = ALLOWED.get(id);
    if (max === undefined) throw new ZipRefusal('extra-field', label, `champ supplémentaire 0x${id.toString(16).padStart(4, '0')} non admis (${where})`);
    if (len > max) throw new ZipRefusal('extra-field', label, `champ supplémentaire 0x${id.toString(16).padStart(4, '0')} trop long (${len} octets, ${where})`);
    if (out.has(id)) throw new ZipRefusal('extra-field', label, `champ supplémentaire 0x${id.toString(16).padStart(4, '0')} en double (${where})`);
    out.set(id, buf.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

export function u64(buf: Buffer, at: number, label: string | null): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipRefusal('zip64-inconsistent', label, 'valeur ZIP64 hors limites');
  return Number(v);
}

export type Zip64Want = { size: boolean; csize: boolean; offset: boolean; disk: boolean };
export type Zip64Values = { size?: number | undefined; csize?: number | undefined; offset?: number | undefined; disk?: number | undefined };

/** The ZIP64 values of a header: exactly the fields whose 32-bit value is 0xFFFFFFFF, in APPNOTE order. */
export function zip64Values(extras: Extras, want: Zip64Want, label: string, where: string): Zip64Values {
  const field = extras.get(ZIP64);
  const wanted = want.size || want.csize || want.offset || want.disk;
  if (!field) {
    if (wanted) throw new ZipRefusal('zip64-inconsistent', label, `valeur 0xFFFFFFFF sans champ ZIP64 (${where})`);
    return {};
  }
  if (!wanted) throw new ZipRefusal('zip64-inconsistent', label, `champ ZIP64 sans valeur qui le demande (${where})`);
  const expected = (want.size ? 8 : 0) + (want.csize ? 8 : 0) + (want.offset ? 8 : 0) + (want.disk ? 4 : 0);
  if (field.length !== expected) throw new ZipRefusal('zip64-inconsistent', label, `champ ZIP64 de ${field.length} octets au lieu de ${expected} (${where})`);
  let at = 0;
  const next = (on: boolean): number | undefined => {
    if (!on) return undefined;
    at += 8;
    return u64(field, at - 8, label);
  };
  const size = next(want.size);
  const csize = next(want.csize);
  const offset = next(want.offset);
  return { size, csize, offset, disk: want.disk ? field.readUInt32LE(at) : undefined };
}
