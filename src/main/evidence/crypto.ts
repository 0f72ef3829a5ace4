import crypto from 'node:crypto';

// AES-256-GCM with a fresh 96-bit nonce per blob; the blob's id is authenticated as associated data so a
// blob cannot be swapped for another one under a different name. Layout: "PHEV" 1 | nonce 12 | tag 16 | data.

const MAGIC = Buffer.from('PHEV1', 'ascii');

export function seal(key: Uint8Array, id: string, plain: Uint8Array): Buffer {
  if (key.length !== 32) throw new Error('clé de 256 bits attendue');
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(id, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([MAGIC, iv, c.getAuthTag(), body]);
}

/** Throws when the blob was changed, belongs to another id, or the key is wrong. */
export function open(key: Uint8Array, id: string, blob: Uint8Array): Buffer {
  const b = Buffer.from(blob);
  if (b.length < MAGIC.length + 28 || !b.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('format de pièce inconnu');
  const iv = b.subarray(MAGIC.length, MAGIC.length + 12);
  const tag = b.subarray(MAGIC.length + 12, MAGIC.length + 28);
  const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(Buffer.from(id, 'utf8'));
  d.setAuthTag(tag);
  return Buffer.concat([d.update(b.subarray(MAGIC.length + 28)), d.final()]);
}

export const sha256 = (data: Uint8Array): string => crypto.createHash('sha256').update(data).digest('hex');
