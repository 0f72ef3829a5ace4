import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { newHeader, openSealed, sealRecords } from './sealed';

// Whole-file operations on sealed evidence, all streaming: hashing a sealed file's plaintext, sealing
// a plaintext file (migration of copies from before encryption at rest), and writing the plaintext out.

export type Digest = { sha256: string; bytes: number };

/** SHA-256 and size of the plaintext, authenticating every record on the way. */
export async function digestSealed(file: string, master: Buffer, id: string): Promise<Digest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const plain of openSealed(file, master, id)) {
    hash.update(plain);
    bytes += plain.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Seals the plaintext file SRC into DST (created, 0600); returns the plaintext's digest. */
export async function sealFile(src: string, dst: string, master: Buffer, id: string): Promise<Digest> {
  const header = newHeader(master, id);
  const size = (await fs.stat(src)).size;
  const out = await fs.open(dst, 'wx', 0o600);
  const hash = createHash('sha256');
  try {
    await out.write(header.bytes);
    let index = 0;
    let seen = 0;
    for await (const chunk of createReadStream(src, { highWaterMark: 1 << 20 })) {
      const plain = chunk as Buffer;
      seen += plain.length;
      hash.update(plain);
      const sealed = sealRecords(header, index, plain, seen >= size);
      index += sealed.records;
      await out.write(sealed.bytes);
    }
    if (seen !== size) throw new Error(`taille changée pendant le chiffrement (${seen} au lieu de ${size} octets)`);
    if (size === 0) await out.write(sealRecords(header, 0, Buffer.alloc(0), true).bytes);
    await out.sync();
  } finally {
    await out.close();
  }
  return { sha256: hash.digest('hex'), bytes: size };
}

/**
 * Writes the plaintext of FILE to OUT (created 0600, never over an existing file), hashing while
 * writing. Throws on any authentication failure or a digest other than EXPECTED, and then OUT does not
 * exist: the plaintext goes to a temporary name beside it, renamed only once everything checked.
 */
export async function exportSealed(file: string, master: Buffer, id: string, out: string, tmp: string, expected: Digest): Promise<Digest> {
  const fh = await fs.open(tmp, 'wx', 0o600);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async () => {
      if (batched > 0) await fh.write(Buffer.concat(batch, batched));
      batch = [];
      batched = 0;
    };
    for await (const plain of openSealed(file, master, id)) {
      hash.update(plain);
      bytes += plain.length;
      batch.push(plain);
      batched += plain.length;
      if (batched >= 1 << 20) await flush();
    }
    await flush();
    await fh.sync();
    await fh.close();
    const got: Digest = { sha256: hash.digest('hex'), bytes };
    if (got.sha256 !== expected.sha256 || got.bytes !== expected.bytes) {
      throw new Error(`contenu déchiffré de ${got.bytes} octets et de SHA-256 ${got.sha256}, la capture enregistrée annonce ${expected.bytes} octets de SHA-256 ${expected.sha256}`);
    }
    await placeWithoutOverwrite(tmp, out);
    return got;
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Moves TMP to OUT unless OUT exists: a hard link where the file system has them (atomic), else a rename. */
async function placeWithoutOverwrite(tmp: string, out: string): Promise<void> {
  try {
    await fs.link(tmp, out);
    await fs.rm(tmp, { force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${out} est apparu pendant l’export : rien n’est écrasé`);
    // FAT and exFAT (USB keys) have no hard links.
    if (await fs.stat(out).then(() => true, () => false)) throw new Error(`${out} est apparu pendant l’export : rien n’est écrasé`);
    await fs.rename(tmp, out);
  }
}
