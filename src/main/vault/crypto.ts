import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hashRaw, type Algorithm } from '@node-rs/argon2';

export type KdfParams = { memoryKiB: number; iterations: number; parallelism: number };

/** OWASP-grade Argon2id defaults: 64 MiB and 3 passes cost ~0.2 s here, once per unlock. */
export const DEFAULT_KDF: KdfParams = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 };

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// The package declares Argon2id as an ambient const enum, which isolated modules cannot reference.
const ARGON2ID = 2 as Algorithm;

export async function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  return hashRaw(passphrase.normalize('NFC'), {
    salt,
    memoryCost: kdf.memoryKiB,
    timeCost: kdf.iterations,
    parallelism: kdf.parallelism,
    outputLen: KEY_BYTES,
    algorithm: ARGON2ID,
  });
}

/** AES-256-GCM; the associated data binds the ciphertext to the vault header it was written with. */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Returns null when authentication fails (wrong key or tampered data): the caller names the cause. */
export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < IV_BYTES + TAG_BYTES + 1) return null;
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}
