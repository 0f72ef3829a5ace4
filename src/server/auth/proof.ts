import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { deviceProofPayload, KindedError } from '@shared';

export const PROOF_WINDOW_MS = 5 * 60_000;

/** Parses a device key (Ed25519, SPKI DER in base64); null when it is anything else. */
export function parseDevicePublicKey(base64: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/**
 * Remembers nonces for as long as their timestamp is acceptable, so a captured login or refresh
 * request cannot be replayed. In memory: a restart clears it, but the ±5 min window still applies.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** False when the nonce was already used. */
  remember(nonce: string, now = Date.now()): boolean {
    if (this.seen.size > 10_000) this.sweep(now);
    const until = this.seen.get(nonce);
    if (until !== undefined && until > now) return false;
    this.seen.set(nonce, now + 2 * PROOF_WINDOW_MS);
    return true;
  }

  private sweep(now: number): void {
    for (const [nonce, until] of this.seen) if (until <= now) this.seen.delete(nonce);
  }
}

export type DeviceProof = { deviceId: string; timestamp: string; nonce: string; signature: string };

/** Checks a device proof; throws `unauthorized` with a message that says what to fix. */
export function checkDeviceProof(
  proof: DeviceProof,
  p: { purpose: 'login' | 'refresh'; subject: string; publicKey: string; nonces: NonceCache },
): void {
  const at = Date.parse(proof.timestamp);
  if (!Number.isFinite(at) || Math.abs(Date.now() - at) > PROOF_WINDOW_MS) {
    throw new KindedError('unauthorized', "L'horloge du poste est décalée de plus de 5 minutes : corrigez l'heure du poste.");
  }
  const key = parseDevicePublicKey(p.publicKey);
  const payload = deviceProofPayload({ purpose: p.purpose, subject: p.subject, deviceId: proof.deviceId, timestamp: proof.timestamp, nonce: proof.nonce });
  const valid = key !== null && verifySignature(null, Buffer.from(payload, 'utf8'), key, Buffer.from(proof.signature, 'base64'));
  if (!valid) throw new KindedError('unauthorized', 'Preuve du poste invalide : signature incorrecte.');
  if (!p.nonces.remember(proof.nonce)) throw new KindedError('unauthorized', 'Requête rejouée (nonce déjà utilisé).');
}
