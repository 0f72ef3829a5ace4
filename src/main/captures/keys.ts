import crypto from 'node:crypto';
import { keyFromPem, type SigningKey } from '../capture';
import type { LocalDb } from '../db';

// The workstation's capture keys live inside the encrypted store, so the vault's passphrase protects them:
// the device signing key (ECDSA P-256, signs every WACZ of this workstation) and the evidence key
// (AES-256-GCM, encrypts the artifacts on disk). Both are created on first use and never leave the store.

const SIGNING = 'capture.signingKeyPem';
const EVIDENCE = 'capture.evidenceKey';

export function signingKeyOf(db: LocalDb): SigningKey {
  let pem = db.kv.get<string>(SIGNING);
  if (!pem) {
    pem = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    db.kv.set(SIGNING, pem);
  }
  return keyFromPem(pem);
}

export function evidenceKeyOf(db: LocalDb): Buffer {
  let b64 = db.kv.get<string>(EVIDENCE);
  if (!b64) {
    b64 = crypto.randomBytes(32).toString('base64');
    db.kv.set(EVIDENCE, b64);
  }
  return Buffer.from(b64, 'base64');
}
