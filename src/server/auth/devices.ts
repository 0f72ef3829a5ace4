import { and, eq, gt, isNull } from 'drizzle-orm';
import { KindedError, type EnrolRequest, type EnrolResponse } from '@shared';
import type { Db } from '../db/database';
import { devices, enrolmentCodes } from '../db/schema';
import { parseDevicePublicKey } from './proof';
import { sha256Hex } from './secrets';
import { signedOut } from './session-state';

/**
 * Enrols a workstation: the one-time code is consumed and the device's public key recorded in one
 * transaction, so a code can never enrol two devices even under concurrent requests.
 */
export async function enrolDevice(db: Db, req: EnrolRequest): Promise<EnrolResponse> {
  if (!parseDevicePublicKey(req.publicKey)) {
    throw new KindedError('validation', 'Clé publique invalide : une clé Ed25519 (SPKI DER en base64) est attendue.');
  }
  const codeHash = sha256Hex(req.code.trim().toUpperCase());
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: devices.id }).from(devices).where(eq(devices.id, req.deviceId));
    if (existing.length > 0) throw new KindedError('conflict', 'Ce poste est déjà enrôlé.');
    const now = new Date();
    const used = await tx
      .update(enrolmentCodes)
      .set({ usedAt: now, deviceId: req.deviceId })
      .where(and(eq(enrolmentCodes.codeHash, codeHash), isNull(enrolmentCodes.usedAt), gt(enrolmentCodes.expiresAt, now)))
      .returning({ codeHash: enrolmentCodes.codeHash });
    if (used.length === 0) throw new KindedError('unauthorized', "Code d'enrôlement inconnu, déjà utilisé ou expiré.");
    await tx.insert(devices).values({ id: req.deviceId, name: req.name, publicKey: req.publicKey, enrolledAt: now });
    return { deviceId: req.deviceId, enrolledAt: now.toISOString() };
  });
}

/** The public key of an enrolled, non-revoked device, or an `unauthorized` error. */
export async function activeDeviceKey(db: Db, deviceId: string): Promise<string> {
  const rows = await db.select({ publicKey: devices.publicKey, revokedAt: devices.revokedAt }).from(devices).where(eq(devices.id, deviceId));
  const row = rows[0];
  if (!row) throw new KindedError('unauthorized', 'Poste inconnu : enrôlez ce poste à nouveau.');
  if (row.revokedAt) throw signedOut('device_revoked');
  return row.publicKey;
}
