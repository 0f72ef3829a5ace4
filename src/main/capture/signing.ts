import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The device signing key (ECDSA P-256, SHA-256). The CLI keeps it as a PKCS#8 PEM file, created on first
// use with owner-only permissions; the workstation will later hand over a key held in the vault instead.

export type SigningKey = { privateKey: crypto.KeyObject; publicKeyDer: Buffer; fingerprint: string };

export const DEFAULT_KEY_FILE = path.join(os.homedir(), '.config', 'pharos', 'capture-signing-key.pem');

export function keyFromPem(pem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(pem);
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { privateKey, publicKeyDer, fingerprint: fingerprintOf(publicKeyDer) };
}

/** SHA-256 of the SubjectPublicKeyInfo, in hex pairs: what an officer reads out and compares. */
export function fingerprintOf(spkiDer: Buffer): string {
  const hex = crypto.createHash('sha256').update(spkiDer).digest('hex');
  return hex.match(/../g)?.join(':') ?? hex;
}

export async function loadOrCreateKey(file: string): Promise<SigningKey> {
  try {
    return keyFromPem(await fs.readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // wx: never overwrite a key another process created meanwhile.
  await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  return keyFromPem(await fs.readFile(file, 'utf8'));
}

/** Signature in IEEE P1363 form (r‖s), as WebCrypto produces, so browser-side verifiers can check it too. */
export function signText(key: SigningKey, text: string): string {
  return crypto.sign('sha256', Buffer.from(text, 'utf8'), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
}

export function verifyText(publicKeyB64: string, text: string, signatureB64: string): boolean {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return crypto.verify('sha256', Buffer.from(text, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

export const sha256Hex = (data: Uint8Array | string): string => crypto.createHash('sha256').update(data).digest('hex');
