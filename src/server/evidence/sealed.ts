import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

// Evidence at rest on the server: a chunked AEAD so a 2 GiB capture is encrypted and decrypted in
// bounded memory, and so an upload can be appended to as its chunks arrive.
//
//   header  "PHAROSEV" | version 1 | algorithm 1 | file id (capture UUID, 16) | key id (8) | salt (32)
//           | nonce prefix (4) | largest record (u32)                                          = 74 bytes
//   record  flags (u8, 1 = final) | plaintext length (u32) | AES-256-GCM ciphertext | tag (16)
//
// Each file has its own key, HKDF-SHA256 of the server's evidence key with the file's salt and its
// whole header (so a changed header opens nothing). Record i is sealed under the nonce prefix | i
// (64-bit), with its index, flags and length as associated data: a record moved, dropped, repeated or
// altered fails authentication, a file that ends before its final record is truncated, and bytes
// after the final record are refused.

export const RECORD_MAX = 64 * 1024;
const MAGIC = Buffer.from('PHAROSEV', 'latin1');
const VERSION = 1;
const ALGORITHM = 1;
export const HEADER_BYTES = MAGIC.length + 2 + 16 + 8 + 32 + 4 + 4;
const FRAME_BYTES = 5;
const TAG_BYTES = 16;
const FINAL = 1;

export type SealedHeader = { bytes: Buffer; fileId: string; keyId: Buffer; key: Buffer; prefix: Buffer; recordMax: number };

/** Anything that makes a sealed file unreadable: altered, truncated, another file's, another key's. */
export class EvidenceIntegrityError extends Error {}

export function keyIdOf(master: Buffer): Buffer {
  return createHash('sha256').update('pharos-evidence-key-id\0').update(master).digest().subarray(0, 8);
}

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function fileKey(master: Buffer, salt: Buffer, header: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, Buffer.concat([Buffer.from('pharos-server-evidence-v1\0'), header]), 32));
}

/** A new header for the file of capture FILE_ID, with a fresh salt and nonce prefix. */
export function newHeader(master: Buffer, fileId: string): SealedHeader {
  const bytes = Buffer.alloc(HEADER_BYTES);
  let at = MAGIC.copy(bytes, 0);
  at = bytes.writeUInt8(VERSION, at);
  at = bytes.writeUInt8(ALGORITHM, at);
  at += uuidBytes(fileId).copy(bytes, at);
  at += keyIdOf(master).copy(bytes, at);
  at += randomBytes(32).copy(bytes, at);
  at += randomBytes(4).copy(bytes, at);
  bytes.writeUInt32BE(RECORD_MAX, at);
  return parseHeader(master, bytes, fileId);
}

/** Reads a header, refusing another format, another capture's file or another key's. */
export function parseHeader(master: Buffer, bytes: Buffer, expectedFileId: string): SealedHeader {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new EvidenceIntegrityError('en-tête absent ou illisible (ce n’est pas une pièce chiffrée du serveur)');
  const version = bytes.readUInt8(MAGIC.length);
  const algorithm = bytes.readUInt8(MAGIC.length + 1);
  if (version !== VERSION || algorithm !== ALGORITHM) throw new EvidenceIntegrityError(`version de format inconnue (${version}.${algorithm})`);
  const header = Buffer.from(bytes.subarray(0, HEADER_BYTES));
  const fileId = uuidOf(header.subarray(10, 26));
  if (fileId !== expectedFileId.toLowerCase()) throw new EvidenceIntegrityError(`le fichier est celui de la capture ${fileId}, pas de ${expectedFileId}`);
  const keyId = header.subarray(26, 34);
  if (!keyId.equals(keyIdOf(master))) throw new EvidenceIntegrityError('chiffré avec une autre clé que celle de ce dossier de données (secrets/evidence.key)');
  const salt = header.subarray(34, 66);
  const recordMax = header.readUInt32BE(70);
  if (recordMax < 1 || recordMax > 16 * 1024 * 1024) throw new EvidenceIntegrityError('taille d’enregistrement invalide dans l’en-tête');
  return { bytes: header, fileId, keyId, key: fileKey(master, salt, header), prefix: header.subarray(66, 70), recordMax };
}

function nonce(h: SealedHeader, index: number): Buffer {
  const n = Buffer.alloc(12);
  h.prefix.copy(n, 0);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(index: number, frame: Buffer): Buffer {
  const a = Buffer.alloc(8 + FRAME_BYTES);
  a.writeBigUInt64BE(BigInt(index), 0);
  frame.copy(a, 8, 0, FRAME_BYTES);
  return a;
}

/** Seals PLAIN as records FIRST, FIRST+1, … (at most recordMax bytes each); the last is final when asked. */
export function sealRecords(h: SealedHeader, first: number, plain: Buffer, finalAtEnd: boolean): { bytes: Buffer; records: number } {
  const out: Buffer[] = [];
  let index = first;
  for (let at = 0; at < plain.length || (at === 0 && plain.length === 0); at += h.recordMax) {
    const piece = plain.subarray(at, at + h.recordMax);
    const last = at + h.recordMax >= plain.length;
    const frame = Buffer.alloc(FRAME_BYTES);
    frame.writeUInt8(last && finalAtEnd ? FINAL : 0, 0);
    frame.writeUInt32BE(piece.length, 1);
    const c = createCipheriv('aes-256-gcm', h.key, nonce(h, index));
    c.setAAD(aad(index, frame));
    out.push(frame, c.update(piece), c.final(), c.getAuthTag());
    index++;
    if (plain.length === 0) break;
  }
  return { bytes: Buffer.concat(out), records: index - first };
}

/** Reads exact byte counts from a file through a 1 MiB buffer. */
class Reader {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private done = false;
  constructor(private readonly fh: fs.FileHandle) {}

  /** N bytes, or null at a clean end of file; throws when the file ends inside them. */
  async exact(n: number, what: string): Promise<Buffer | null> {
    while (this.buf.length < n && !this.done) {
      const block = Buffer.allocUnsafe(Math.max(1 << 20, n));
      const { bytesRead } = await this.fh.read(block, 0, block.length, this.pos);
      this.pos += bytesRead;
      if (bytesRead === 0) this.done = true;
      this.buf = this.buf.length === 0 ? block.subarray(0, bytesRead) : Buffer.concat([this.buf, block.subarray(0, bytesRead)]);
    }
    if (this.buf.length === 0 && this.done) return null;
    if (this.buf.length < n) throw new EvidenceIntegrityError(`fichier tronqué au milieu ${what}`);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
}

/**
 * The plaintext of a sealed file, record by record, each authenticated before it is handed out.
 * Throws EvidenceIntegrityError naming what is wrong (the caller discards what it already wrote).
 */
export async function* openSealed(file: string, master: Buffer, fileId: string): AsyncGenerator<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const r = new Reader(fh);
    const head = await r.exact(HEADER_BYTES, 'de l’en-tête');
    if (!head) throw new EvidenceIntegrityError('fichier vide');
    const h = parseHeader(master, head, fileId);
    for (let index = 0; ; index++) {
      const frame = await r.exact(FRAME_BYTES, `de l’enregistrement ${index}`);
      if (!frame) throw new EvidenceIntegrityError(`fichier tronqué : il s’arrête après ${index} enregistrement(s), sans enregistrement final`);
      const flags = frame.readUInt8(0);
      const length = frame.readUInt32BE(1);
      if ((flags & ~FINAL) !== 0 || length > h.recordMax) throw new EvidenceIntegrityError(`enregistrement ${index} altéré (en-tête d’enregistrement invalide)`);
      const body = await r.exact(length + TAG_BYTES, `de l’enregistrement ${index}`);
      if (!body) throw new EvidenceIntegrityError(`fichier tronqué dans l’enregistrement ${index}`);
      const d = createDecipheriv('aes-256-gcm', h.key, nonce(h, index));
      d.setAAD(aad(index, frame));
      d.setAuthTag(body.subarray(length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([d.update(body.subarray(0, length)), d.final()]);
      } catch {
        throw new EvidenceIntegrityError(`enregistrement ${index} altéré : son authentification AES-GCM échoue`);
      }
      yield plain;
      if (flags & FINAL) {
        if ((await r.exact(1, 'après la fin')) !== null) throw new EvidenceIntegrityError(`données en trop après l’enregistrement final ${index}`);
        return;
      }
    }
  } finally {
    await fh.close();
  }
}
