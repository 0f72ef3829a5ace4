import fs from 'node:fs/promises';
import { ZipRefusal } from './zip-refusal';

// Where the evidence ZIP reader reads its bytes: a file, or a byte range of one (a capture stored whole
// inside a transmission package is read in place, never copied into memory). Reads are positional and
// exact: a short read is a truncated archive.

export type ByteSource = {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
};

export async function fileSource(file: string): Promise<ByteSource> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(position, length) {
        if (position < 0 || length < 0 || position + length > size) throw new ZipRefusal('unreadable', null, `lecture hors du fichier (octet ${position}, ${length} octets)`);
        const buf = Buffer.alloc(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(buf, done, length - done, position + done);
          if (bytesRead === 0) throw new ZipRefusal('unreadable', null, `fichier tronqué à l’octet ${position + done}`);
          done += bytesRead;
        }
        return buf;
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** `length` bytes of `parent` from `start`, seen as a source of their own (closing it leaves the parent open). */
export function rangeSource(parent: ByteSource, start: number, length: number): ByteSource {
  return {
    size: length,
    read(position, n) {
      if (position < 0 || n < 0 || position + n > length) return Promise.reject(new ZipRefusal('unreadable', null, `lecture hors de l’archive (octet ${position}, ${n} octets)`));
      return parent.read(start + position, n);
    },
    close: async () => {},
  };
}

const CHUNK = 1024 * 1024;

/** The bytes [start, end) of a source, in chunks of at most 1 MiB. */
export async function* chunksOf(src: ByteSource, start: number, end: number): AsyncGenerator<Buffer> {
  for (let at = start; at < end; at += CHUNK) yield await src.read(at, Math.min(CHUNK, end - at));
}
