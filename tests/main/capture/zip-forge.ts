import { crc32, deflateRawSync } from 'node:zlib';

// A raw ZIP writer for the hostile-input tests: every field of every header can be set on its own, so that
// each malformed package (duplicate names, lying headers, hidden bytes, bombs) is built byte for byte.
// With no override it writes a plain, valid archive (stored or deflated entries, UTF-8 names).

type Fields = { name: Buffer; flags: number; method: number; crc: number; csize: number; size: number; extra: Buffer; time: number; date: number };

export type ForgeEntry = {
  name: string | Buffer;
  data: Buffer;
  /** 0 stored (default), 8 deflated; any other value writes `data` as is under that method number. */
  method?: number;
  /** The bytes written as the entry's data (default: data, deflated for method 8). */
  raw?: Buffer;
  /** Central directory fields that differ from the truth. */
  central?: Partial<Fields> & { comment?: Buffer; externalAttr?: number; offset?: number };
  /** Local header fields that differ from the central directory. */
  local?: Partial<Fields>;
  /** Bytes written just before this entry's local header. */
  before?: Buffer;
  /** Write the CRC and sizes in a data descriptor after the data (general-purpose bit 3). */
  descriptor?: boolean;
};

export type ForgeOptions = {
  prepend?: Buffer;
  /** Bytes between the last entry and the central directory. */
  beforeCentral?: Buffer;
  /** Bytes between the central directory and the end record. */
  beforeEnd?: Buffer;
  append?: Buffer;
  comment?: Buffer;
  /** Entry counts written in the end record (default: the real count). */
  count?: number;
  /** Shift the central directory offset written in the end record. */
  centralOffsetDelta?: number;
  /** Subtract this from every offset written (entries and central directory), as if `prepend` were not there. */
  unshift?: number;
};

const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v & 0xffff);
  return b;
};
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};

function fieldsOf(e: ForgeEntry): { truth: Fields; raw: Buffer } {
  const method = e.method ?? 0;
  const raw = e.raw ?? (method === 8 ? deflateRawSync(e.data) : e.data);
  const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
  const flags = (e.descriptor ? 0x0008 : 0) | 0x0800;
  return { truth: { name, flags, method, crc: crc32(e.data), csize: raw.length, size: e.data.length, extra: Buffer.alloc(0), time: 0x6000, date: 0x5a21 }, raw };
}

function localHeader(f: Fields, descriptor: boolean): Buffer {
  const known = !descriptor;
  return Buffer.concat([
    u32(0x04034b50), u16(20), u16(f.flags), u16(f.method), u16(f.time), u16(f.date),
    u32(known ? f.crc : 0), u32(known ? f.csize : 0), u32(known ? f.size : 0),
    u16(f.name.length), u16(f.extra.length), f.name, f.extra,
  ]);
}

function centralHeader(f: Fields, offset: number, comment: Buffer, externalAttr: number): Buffer {
  return Buffer.concat([
    u32(0x02014b50), u16((3 << 8) | 63), u16(20), u16(f.flags), u16(f.method), u16(f.time), u16(f.date),
    u32(f.crc), u32(f.csize), u32(f.size), u16(f.name.length), u16(f.extra.length), u16(comment.length),
    u16(0), u16(0), u32(externalAttr), u32(offset), f.name, f.extra, comment,
  ]);
}

export function forgeZip(entries: ForgeEntry[], o: ForgeOptions = {}): Buffer {
  const parts: Buffer[] = [o.prepend ?? Buffer.alloc(0)];
  let at = parts[0]?.length ?? 0;
  const central: Buffer[] = [];
  for (const e of entries) {
    const { truth, raw } = fieldsOf(e);
    if (e.before) {
      parts.push(e.before);
      at += e.before.length;
    }
    const offset = at;
    const local = localHeader({ ...truth, ...e.local }, e.descriptor ?? false);
    const descriptor = e.descriptor ? Buffer.concat([u32(0x08074b50), u32(truth.crc), u32(truth.csize), u32(truth.size)]) : Buffer.alloc(0);
    parts.push(local, raw, descriptor);
    at += local.length + raw.length + descriptor.length;
    const c = e.central ?? {};
    central.push(centralHeader({ ...truth, ...c }, c.offset ?? offset - (o.unshift ?? 0), c.comment ?? Buffer.alloc(0), c.externalAttr ?? (0o100644 << 16)));
  }
  if (o.beforeCentral) {
    parts.push(o.beforeCentral);
    at += o.beforeCentral.length;
  }
  const cd = Buffer.concat(central);
  parts.push(cd);
  if (o.beforeEnd) parts.push(o.beforeEnd);
  const count = o.count ?? entries.length;
  const comment = o.comment ?? Buffer.alloc(0);
  parts.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(count), u16(count), u32(cd.length), u32(at + (o.centralOffsetDelta ?? 0) - (o.unshift ?? 0)), u16(comment.length), comment]));
  if (o.append) parts.push(o.append);
  return Buffer.concat(parts);
}
