import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { KindedError, type UploadStatus } from '@shared';
import type { Db } from '../db/database';
import { withReportsLock } from '../db/rows';
import { captures, reports } from '../db/schema';
import type { AccessClaims } from '../auth/tokens';

// Evidence storage of the central server: one WACZ per capture in the data folder. A copy arrives in
// chunks appended at the offset the server reports (an interrupted upload resumes there), is re-hashed
// once complete, and is kept only if its SHA-256 and size are those recorded with the capture (the
// recordCapture mutation); otherwise it is deleted and refused with the reason.

type Capture = typeof captures.$inferSelect;

export type EvidenceStorage = {
  status(who: AccessClaims, captureId: string): Promise<UploadStatus>;
  append(who: AccessClaims, captureId: string, offset: number, chunk: Buffer): Promise<UploadStatus>;
  /** Path of a verified copy (null while incomplete). */
  file(captureId: string): Promise<string | null>;
};

export function createEvidenceStorage(db: Db, dir: string): EvidenceStorage {
  const partOf = (id: string) => path.join(dir, `${id}.part`);
  const fileOf = (id: string) => path.join(dir, `${id}.wacz`);
  // One append at a time per capture: two requests racing on one offset must not both write.
  const locks = new Map<string, Promise<unknown>>();
  const serial = <T>(id: string, fn: () => Promise<T>): Promise<T> => {
    const next = (locks.get(id) ?? Promise.resolve()).then(fn, fn);
    const settled = next.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => locks.get(id) === settled && locks.delete(id));
    return next;
  };

  const authorised = async (who: AccessClaims, captureId: string): Promise<Capture> => {
    const [c] = await db.select().from(captures).where(eq(captures.id, captureId)).limit(1);
    if (!c) throw new KindedError('not_found', 'Capture inconnue du serveur : ses métadonnées arrivent par la synchronisation, réessayez après elle.');
    // The WACZ exists only on the workstation that made it: only its operator, from that device, sends it.
    if (c.recordedBy !== who.userId || c.deviceId !== who.deviceId) {
      throw new KindedError('forbidden', 'Seul l’agent qui a fait la capture, depuis son poste, peut en déposer la preuve.');
    }
    return c;
  };
  const sizeOf = (file: string) => fs.stat(file).then((s) => s.size, () => null);
  const current = async (c: Capture): Promise<UploadStatus> => {
    const total = c.waczBytes;
    if (c.uploadedAt && (await sizeOf(fileOf(c.id))) === total) return { captureId: c.id, received: total, total, complete: true };
    return { captureId: c.id, received: (await sizeOf(partOf(c.id))) ?? 0, total, complete: false };
  };

  const finish = async (c: Capture): Promise<UploadStatus> => {
    const part = partOf(c.id);
    const hash = createHash('sha256');
    for await (const b of createReadStream(part)) hash.update(b as Buffer);
    const sha = hash.digest('hex');
    const size = (await sizeOf(part)) ?? 0;
    if (sha !== c.waczSha256 || size !== c.waczBytes) {
      await fs.rm(part, { force: true });
      throw new KindedError('validation', `Copie refusée et supprimée : ${size} octets de SHA-256 ${sha}, la capture enregistrée annonce ${c.waczBytes} octets de SHA-256 ${c.waczSha256}. Renvoyez-la depuis le poste.`);
    }
    await fs.rename(part, fileOf(c.id));
    // The report's document says the copy arrived: a new version so workstations pull it.
    await withReportsLock(db, async (tx) => {
      await tx.update(captures).set({ uploadedAt: new Date() }).where(eq(captures.id, c.id));
      await tx.update(reports).set({ version: sql`nextval('report_version_seq')`, updatedAt: new Date() }).where(eq(reports.id, c.reportId));
    });
    return { captureId: c.id, received: c.waczBytes, total: c.waczBytes, complete: true };
  };

  return {
    async status(who, captureId) {
      return current(await authorised(who, captureId));
    },
    async append(who, captureId, offset, chunk) {
      const c = await authorised(who, captureId);
      return serial(captureId, async () => {
        const now = await current(c);
        if (now.complete) return now; // a retry of the last chunk after the answer was lost: nothing to do
        if (offset !== now.received) {
          throw new KindedError('conflict', `Reprise au mauvais endroit : le serveur détient ${now.received} octets, envoi à partir de ${offset}.`);
        }
        if (offset + chunk.length > c.waczBytes) {
          throw new KindedError('validation', `Envoi plus long que la capture enregistrée (${c.waczBytes} octets).`);
        }
        await fs.mkdir(dir, { recursive: true });
        await fs.appendFile(partOf(captureId), chunk);
        if (offset + chunk.length === c.waczBytes) return finish(c);
        return { captureId, received: offset + chunk.length, total: c.waczBytes, complete: false };
      });
    },
    async file(captureId) {
      const [c] = await db.select().from(captures).where(eq(captures.id, captureId)).limit(1);
      return c?.uploadedAt ? fileOf(captureId) : null;
    },
  };
}
