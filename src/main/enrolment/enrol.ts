import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { API_PATHS, EnrolResponseSchema, type EnrolRequest } from '@shared/http/api';
import type { WorkstationSettings } from '@shared/api/contract';
import type { LocalDb } from '../db';
import { createServerClient, displayFingerprint, fetchPinnedCertificate } from '../server-client';

export type EnrolInput = { serverUrl: string; fingerprint: string; code: string; deviceName: string };

/**
 * Enrols this workstation: pins the server certificate against the fingerprint the officer typed,
 * creates the device's Ed25519 key pair, registers the public key with the one-time code, and keeps the
 * identity (private key included) only in the encrypted store.
 */
export async function enrolDevice(db: LocalDb, input: EnrolInput): Promise<void> {
  const serverUrl = input.serverUrl.replace(/\/+$/, '');
  const cert = await fetchPinnedCertificate(serverUrl, input.fingerprint);
  const client = createServerClient({ serverUrl, certPem: cert.pem, fingerprint: cert.fingerprint });
  try {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const deviceId = randomUUID();
    const publicKeySpki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const body: EnrolRequest = { code: input.code.trim(), deviceId, name: input.deviceName.trim(), publicKey: publicKeySpki };
    const res = await client.post(API_PATHS.enrol, body, EnrolResponseSchema);
    const previous = db.device.get();
    // Another server means another report base: what was synced from the old one must not mix in.
    if (previous && (previous.serverUrl !== serverUrl || previous.fingerprint !== cert.fingerprint)) db.clearSyncedData();
    db.kv.delete('auth.refresh');
    db.device.save({
      deviceId: res.deviceId,
      name: body.name,
      privateKeyPkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }),
      publicKeySpki,
      serverUrl,
      fingerprint: cert.fingerprint,
      certPem: cert.pem,
      enrolledAt: res.enrolledAt,
    });
  } finally {
    await client.close();
  }
}

/** The settings the UI shows; `db` is null while the vault is locked (the identity is encrypted). */
export function settingsOf(db: LocalDb | null, demo: WorkstationSettings['demo']): WorkstationSettings {
  const identity = db?.device.get() ?? null;
  return {
    serverUrl: identity?.serverUrl ?? null,
    serverFingerprint: identity ? displayFingerprint(identity.fingerprint) : null,
    deviceId: identity?.deviceId ?? null,
    deviceName: identity?.name ?? null,
    enrolled: identity !== null,
    demo,
  };
}
