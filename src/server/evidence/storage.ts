import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { KindedError, type UploadStatus } from '@shared';
import type { Db } from '../db/database';
import { withReportsLock } from '../db/rows';
import { captures, reports } from '../db/schema';
import type { AccessClaims } from '../auth/tokens';
import { digestSealed } from './files';
import { DEFAULT_EVIDENCE_LIMITS, formatBytes, type EvidenceLimits } from './limits';
import { dropPart, names, pendingStates, readState, writeState, type PartState } from './parts';
import { EvidenceIntegrityError, HEADER_BYTES, newHeader, parseHeader, sealRecords } from './sealed';
import { createSweeper, migratePlaintext } from './sweep';

// Evidence storage of the central server: one encrypted WACZ per capture in the data folder. A copy
// arrives in chunks appended at the offset the server reports (an interrupted upload resumes there);
// each chunk is sealed as it arrives, so no plaintext ever reaches the disk. Once complete, the sealed
// part is decrypted and re-hashed, and kept only if its SHA-256 and size are those recorded with the
// capture (the recordCapture mutation); otherwise it is deleted and refused with the reason.

type Capture = typeof captures.$inferSelect;

export type EvidenceStorage = {
  status(who: AccessClaims, captureId: string): Promise<UploadStatus>;
  append(who: AccessClaims, captureId: string, offset: number, chunk: Buffer): Promise<UploadStatus>;
  /** Migrates plaintext copies of older versions, removes abandoned uploads, starts the periodic sweep. */
  start(): Promise<void>;
  /** Stops the sweep (the server then exits promptly). */
  stop(): Promise<void>;
  /** One sweep now: the captures whose abandoned upload was removed. */
  sweep(): Promise<string[]>;
};

export type EvidenceStorageOptions = { db: Db; dir: string; key: Buffer; limits?: Partial<EvidenceLimits>; warn?: (text: string) => void };

const httpError = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });

export function createEvidenceStorage(opts: EvidenceStorageOptions): EvidenceStorage {
  const { db, dir, key } = opts;
  const limits: EvidenceLimits = { ...DEFAULT_EVIDENCE_LIMITS, ...opts.limits };
  const at = (name: string) => path.join(dir, name);
  // One append at a time per capture (two requests racing on one offset must not both write), and one
  // new upload at a time per officer (two must not both fit in the quota's last gigabyte).
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
    if (c.waczBytes > limits.maxBytes) {
      throw httpError(413, `Preuve refusée : la capture annonce ${formatBytes(c.waczBytes)}, au-delà de la limite du serveur (${formatBytes(limits.maxBytes)}).`);
    }
    return c;
  };
  const exists = (file: string) => fs.stat(file).then(() => true, () => false);
  /** The upload in progress, if its part file is still there (a state without part starts again). */
  const pending = async (id: string): Promise<PartState | null> => {
    const s = await readState(dir, id);
    if (s && (await exists(at(names.part(id))))) return s;
    if (s) await dropPart(dir, id);
    return null;
  };
  const current = async (c: Capture): Promise<UploadStatus> => {
    const total = c.waczBytes;
    if (c.uploadedAt && (await exists(at(names.sealed(c.id))))) return { captureId: c.id, received: total, total, complete: true };
    return { captureId: c.id, received: (await pending(c.id))?.received ?? 0, total, complete: false };
  };

  /** A new upload: counted against the officer's quota of pending bytes, then its part file begun. */
  const begin = (who: AccessClaims, c: Capture): Promise<PartState> =>
    serial(`officer:${who.userId}`, async () => {
      const mine = (await pendingStates(dir)).filter((s) => s.owner === who.userId && s.captureId !== c.id);
      const held = mine.reduce((sum, s) => sum + s.declared, 0);
      if (held + c.waczBytes > limits.quotaBytes) {
        throw new KindedError(
          'rate_limited',
          `Envoi différé : ${mine.length} envoi(s) de preuve en cours (${formatBytes(held)}) ; avec celui-ci (${formatBytes(c.waczBytes)}), le quota de ${formatBytes(limits.quotaBytes)} par agent serait dépassé. Il reprendra quand les autres seront terminés.`,
        );
      }
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const header = newHeader(key, c.id);
      await fs.writeFile(at(names.part(c.id)), header.bytes, { mode: 0o600 });
      const now = Date.now();
      const state: PartState = { v: 1, captureId: c.id, owner: who.userId, declared: c.waczBytes, received: 0, records: 0, bytes: HEADER_BYTES, createdAt: now, updatedAt: now };
      await writeState(dir, state);
      return state;
    });

  /** Seals CHUNK after what the part holds; the state, written last, makes it count. */
  const seal = async (state: PartState, chunk: Buffer, final: boolean): Promise<PartState> => {
    const part = at(names.part(state.captureId));
    const fh = await fs.open(part, 'r+');
    try {
      const head = Buffer.alloc(HEADER_BYTES);
      await fh.read(head, 0, HEADER_BYTES, 0);
      const header = parseHeader(key, head, state.captureId);
      // Bytes after the last committed chunk were written by an append that never answered: dropped.
      // Fewer bytes than committed: the part was damaged on disk.
      const size = (await fh.stat()).size;
      if (size < state.bytes) throw new EvidenceIntegrityError(`partie reçue plus courte (${size} octets) que ce qui a été enregistré (${state.bytes})`);
      if (size > state.bytes) await fh.truncate(state.bytes);
      const sealed = sealRecords(header, state.records, chunk, final);
      await fh.write(sealed.bytes, 0, sealed.bytes.length, state.bytes);
      const next: PartState = { ...state, received: state.received + chunk.length, records: state.records + sealed.records, bytes: state.bytes + sealed.bytes.length, updatedAt: Date.now() };
      await writeState(dir, next);
      return next;
    } finally {
      await fh.close();
    }
  };

  const finish = async (c: Capture): Promise<UploadStatus> => {
    const part = at(names.part(c.id));
    const got = await digestSealed(part, key, c.id).catch((e: unknown) => {
      if (e instanceof EvidenceIntegrityError) return { sha256: `illisible (${e.message})`, bytes: -1 };
      throw e;
    });
    if (got.sha256 !== c.waczSha256 || got.bytes !== c.waczBytes) {
      await dropPart(dir, c.id);
      const what = got.bytes < 0 ? `copie chiffrée ${got.sha256}` : `${got.bytes} octets de SHA-256 ${got.sha256}`;
      throw new KindedError('validation', `Copie refusée et supprimée : ${what}, la capture enregistrée annonce ${c.waczBytes} octets de SHA-256 ${c.waczSha256}. Renvoyez-la depuis le poste.`);
    }
    await fs.rename(part, at(names.sealed(c.id)));
    await fs.rm(at(names.state(c.id)), { force: true });
    // The report's document says the copy arrived: a new version so workstations pull it.
    await withReportsLock(db, async (tx) => {
      // Bookkeeping, not a decision: the new version must not make a decision based on the previous one
      // compete (a verification saved right after the capture would be lost for arbitration).
      await tx.execute(sql`select set_config('pharos.bookkeeping', 'on', true)`);
      await tx.update(captures).set({ uploadedAt: new Date() }).where(eq(captures.id, c.id));
      await tx.update(reports).set({ version: sql`nextval('report_version_seq')`, updatedAt: new Date() }).where(eq(reports.id, c.reportId));
    });
    return { captureId: c.id, received: c.waczBytes, total: c.waczBytes, complete: true };
  };

  const sweeper = createSweeper({ dir, abandonAfterMs: limits.abandonAfterMs, serial, warn: opts.warn });

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
        const state = (await pending(c.id)) ?? (await begin(who, c));
        const done = offset + chunk.length === c.waczBytes;
        await seal(state, chunk, done).catch(async (e: unknown) => {
          if (!(e instanceof EvidenceIntegrityError)) throw e;
          // A part damaged on the server cannot be continued: dropped, the workstation asks again and starts from 0.
          await dropPart(dir, c.id);
          throw new KindedError('conflict', `Envoi en cours illisible sur le serveur (${e.message}) : supprimé, à reprendre depuis le début.`);
        });
        if (done) return finish(c);
        return { captureId, received: offset + chunk.length, total: c.waczBytes, complete: false };
      });
    },
    async start() {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await migratePlaintext({ db, dir, key, warn: opts.warn });
      await sweeper.sweep();
      sweeper.start();
    },
    stop: () => sweeper.stop(),
    sweep: () => sweeper.sweep(),
  };
}
