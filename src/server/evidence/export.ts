import { existsSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { KindedError } from '@shared';
import type { Db } from '../db/database';
import { captures } from '../db/schema';
import { exportSealed, type Digest } from './files';
import { loadEvidenceKey } from './key';
import { names, temporaryOf } from './parts';
import { EvidenceIntegrityError } from './sealed';

/** What can be refused before the database is opened (which would create one in a mistyped folder). */
export function checkExportArgs(dataDir: string, captureId: string): string {
  const id = z.uuid().safeParse(captureId);
  if (!id.success) throw new KindedError('validation', `--id doit être l’identifiant (UUID) d’une capture, pas « ${captureId} »`);
  if (!existsSync(path.join(dataDir, 'secrets', 'evidence.key'))) {
    throw new KindedError('not_found', `${dataDir} n’est pas un dossier de données du serveur ayant reçu des preuves (secrets/evidence.key absent).`);
  }
  return id.data.toLowerCase();
}

/**
 * `pharos-server evidence export`: the WACZ a workstation uploaded, decrypted to OUT exactly as it was
 * captured. Every record is authenticated and the whole is re-hashed while written; on any failure OUT
 * is not created (the plaintext goes to a temporary name beside it, removed on failure).
 */
export async function exportEvidence(p: { db: Db; dataDir: string; captureId: string; out: string }): Promise<Digest> {
  const captureId = checkExportArgs(p.dataDir, p.captureId);
  const [c] = await p.db.select().from(captures).where(eq(captures.id, captureId)).limit(1);
  if (!c) throw new KindedError('not_found', `Capture ${captureId} inconnue de ce serveur.`);
  const file = path.join(p.dataDir, 'evidence', names.sealed(captureId));
  if (!c.uploadedAt || !existsSync(file)) throw new KindedError('not_found', `La preuve de la capture ${captureId} n’a pas été reçue par ce serveur (envoi pas encore terminé).`);
  const out = path.resolve(p.out);
  if (existsSync(out)) throw new KindedError('conflict', `${out} existe déjà : rien n’est écrasé, choisissez un autre fichier.`);
  const key = loadEvidenceKey(p.dataDir, false);
  try {
    return await exportSealed(file, key, captureId, out, temporaryOf(out), { sha256: c.waczSha256, bytes: c.waczBytes });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const what = e instanceof EvidenceIntegrityError ? 'la copie chiffrée du serveur est altérée ou incomplète' : 'échec';
    throw new Error(`Export refusé, aucun fichier écrit : ${what} — ${why}.`);
  }
}
