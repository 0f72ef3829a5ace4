import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { readStructure, type StructureLimits, type ZipEntry } from './zip-structure';
import { entryLabel, ZipRefusal } from './zip-refusal';
import { chunksOf, fileSource, rangeSource, type ByteSource } from './zip-source';

// The evidence ZIP reader (`pharos verify`, the workstation's Vérifier, transmission packages): the archive's
// layout is checked whole on opening (see zip-structure.ts), then each entry is read as a stream that stops
// at the size it was declared with — so that a decompression bomb costs what its declared size costs, never
// what it inflates to — and that is refused unless it ends exactly at that size with the right CRC-32.

export type ZipLimits = StructureLimits;
export type { ZipEntry };

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxCentralDirectoryBytes: 64 * MiB,
  maxTotalBytes: 4 * GiB,
  maxRatio: 100,
  ratioFloor: 16 * MiB,
};

export class EvidenceZip {
  private readonly byName: Map<string, ZipEntry>;

  private constructor(
    readonly source: ByteSource,
    readonly entries: readonly ZipEntry[],
  ) {
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  /** Opens `file` (or a byte range holding an archive); throws a ZipRefusal naming what is wrong. */
  static async open(from: string | ByteSource, limits: Partial<ZipLimits> = {}): Promise<EvidenceZip> {
    const source = typeof from === 'string' ? await fileSource(from) : from;
    try {
      return new EvidenceZip(source, await readStructure(source, { ...DEFAULT_ZIP_LIMITS, ...limits }));
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  get(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  close(): Promise<void> {
    return this.source.close();
  }

  /** A stored entry's bytes, in place (an archive inside the archive is read without being copied). */
  storedRange(entry: ZipEntry): ByteSource | null {
    return entry.method === 0 ? rangeSource(this.source, entry.dataStart, entry.csize) : null;
  }

  /** The entry's content, chunk by chunk; refused past `limit` bytes, past its declared size, or on a bad CRC
   *  (unless `checkCrc` is false: to locate damage in data already known to be altered). */
  async *chunks(entry: ZipEntry, limit: number = entry.size, checkCrc = true): AsyncGenerator<Buffer> {
    const label = entryLabel(entry.name, entry.index);
    if (entry.size > limit) throw new ZipRefusal('size-exceeded', label, `annonce ${entry.size} octets, au plus ${limit} attendus`);
    const raw = chunksOf(this.source, entry.dataStart, entry.dataStart + entry.csize);
    let crc = 0;
    let produced = 0;
    for await (const chunk of entry.method === 8 ? inflated(raw, entry, label) : raw) {
      produced += chunk.length;
      if (produced > entry.size) throw new ZipRefusal('size-exceeded', label, `se décompresse au-delà des ${entry.size} octets annoncés`);
      crc = crc32(chunk, crc);
      yield chunk;
    }
    if (produced !== entry.size) throw new ZipRefusal('size-mismatch', label, `${produced} octets au lieu des ${entry.size} annoncés`);
    if (checkCrc && crc !== entry.crc) throw new ZipRefusal('crc-mismatch', label, 'CRC-32 différent de celui de l’archive (données altérées)');
  }

  /** The whole content, for the small files (metadata) only: `limit` bounds what is held in memory. */
  async read(entry: ZipEntry, limit: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.chunks(entry, limit)) parts.push(c);
    return Buffer.concat(parts);
  }

  /** SHA-256 of the content, streamed. */
  async sha256(entry: ZipEntry, limit: number): Promise<string> {
    const h = createHash('sha256');
    for await (const c of this.chunks(entry, limit)) h.update(c);
    return h.digest('hex');
  }
}

/** Inflates a deflated entry; the deflate stream must use exactly the entry's compressed bytes. */
async function* inflated(raw: AsyncGenerator<Buffer>, entry: ZipEntry, label: string): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw();
  const input = Readable.from(raw);
  input.on('error', (e) => inflate.destroy(e));
  input.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof ZipRefusal) throw e;
    throw new ZipRefusal('compressed-data-mismatch', label, `flux deflate invalide (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    input.destroy();
    inflate.destroy();
  }
  if (inflate.bytesWritten !== entry.csize) throw new ZipRefusal('compressed-data-mismatch', label, `le flux deflate s’arrête après ${inflate.bytesWritten} des ${entry.csize} octets compressés`);
}
