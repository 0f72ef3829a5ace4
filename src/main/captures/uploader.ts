import { API_PATHS } from '@shared/http/api';
import { EVIDENCE_CHUNK_MAX, UploadStatusSchema, type UploadStatus } from '@shared/evidence/record';
import { KindedError } from '@shared/result';
import { WACZ_FILE } from '../capture';
import type { CaptureRow, LocalDb } from '../db';
import type { EvidenceStore } from '../evidence';
import type { ServerClient } from '../server-client';

// Background upload of each capture's WACZ to the server's evidence storage. The queue is the captures
// table (upload_state, next attempt time): it survives restarts. Each attempt asks the server how many
// bytes it already holds and sends the rest in chunks from there; network failures are retried with
// growing delays; a copy the server refuses (hash or size differs) is shown as refused until retried.

export type UploaderDeps = {
  db(): LocalDb | null;
  client(): ServerClient | null;
  loggedIn(): boolean;
  token(): Promise<string>;
  evidence(): EvidenceStore;
  changed(row: CaptureRow): void;
  /** The server does not know the capture yet: its record is still in the outbox. */
  syncSoon(): void;
  chunkBytes?: number;
  /** First retry delay (doubles each time, capped at an hour). */
  baseDelayMs?: number;
};

export type Uploader = { start(): void; kick(): void; stop(): Promise<void>; runOnce(): Promise<void>; retry(captureId: string): CaptureRow };

const MAX_DELAY_MS = 3_600_000;

export function createUploader(deps: UploaderDeps): Uploader {
  const chunkBytes = Math.min(deps.chunkBytes ?? EVIDENCE_CHUNK_MAX, EVIDENCE_CHUNK_MAX);
  const base = deps.baseDelayMs ?? 15_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let halted = false;

  const update = (db: LocalDb, id: string, patch: Partial<CaptureRow>) => deps.changed(db.captures.update(id, patch));
  const later = (db: LocalDb, row: CaptureRow, error: string, countsAsFailure = true) => {
    const attempts = row.uploadAttempts + (countsAsFailure ? 1 : 0);
    const delay = Math.min(base * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
    update(db, row.id, { uploadState: 'waiting', uploadAttempts: attempts, uploadError: error, uploadNextAt: new Date(Date.now() + delay).toISOString() });
  };

  const uploadOne = async (db: LocalDb, client: ServerClient, row: CaptureRow): Promise<void> => {
    const url = `${API_PATHS.evidence}/${row.id}`;
    const wacz = row.artifacts.find((a) => a.name === WACZ_FILE);
    if (!wacz) return update(db, row.id, { uploadState: 'refused', uploadError: 'pièce WACZ absente du coffre de ce poste' });
    update(db, row.id, { uploadState: 'uploading', uploadError: null });
    let status: UploadStatus = await client.get(url, UploadStatusSchema, { token: await deps.token() });
    if (!status.complete) {
      const bytes = await deps.evidence().read(wacz.evidenceId); // decrypted, SHA-256 checked
      while (!status.complete) {
        if (halted) throw new Error('envoi interrompu : application arrêtée ou coffre verrouillé');
        const from = status.received;
        const chunk = bytes.subarray(from, Math.min(bytes.length, from + chunkBytes));
        try {
          status = await client.putBytes(`${url}?offset=${from}`, chunk, UploadStatusSchema, { token: await deps.token(), timeoutMs: 120_000 });
        } catch (e) {
          // Another attempt (or a lost answer) moved the server's offset: ask where it is and go on.
          if (e instanceof KindedError && e.kind === 'conflict') status = await client.get(url, UploadStatusSchema, { token: await deps.token() });
          else throw e;
        }
        update(db, row.id, { uploadSent: status.received });
      }
    }
    update(db, row.id, { uploadState: 'done', uploadSent: status.total, uploadError: null, uploadNextAt: null });
  };

  const attempt = async (db: LocalDb, client: ServerClient, row: CaptureRow): Promise<void> => {
    try {
      await uploadOne(db, client, row);
    } catch (e) {
      const kind = e instanceof KindedError ? e.kind : 'internal';
      const message = e instanceof Error ? e.message : String(e);
      if (kind === 'not_found') {
        deps.syncSoon();
        return later(db, row, 'en attente de la synchronisation de la capture', row.uploadAttempts < 3);
      }
      if (kind === 'validation' || kind === 'forbidden') return update(db, row.id, { uploadState: 'refused', uploadError: message, uploadNextAt: null });
      later(db, row, message);
    }
  };

  const pass = async (): Promise<void> => {
    const db = deps.db();
    const client = deps.client();
    if (!db || !client || !deps.loggedIn()) return;
    for (const row of db.captures.dueUploads(new Date().toISOString(), 20)) {
      if (halted) return;
      await attempt(db, client, row);
    }
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const next = deps.db()?.captures.nextUploadAt() ?? null;
    const wait = next === null ? 60_000 : Math.max(0, Math.min(Date.parse(next) - Date.now(), 60_000));
    timer = setTimeout(() => {
      timer = null;
      void runOnce();
    }, wait);
  };

  const runOnce = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass().catch(() => undefined);
      } while (again);
    })().finally(() => {
      running = null;
      schedule();
    });
    return running;
  };

  return {
    start() {
      stopped = false;
      halted = false;
      schedule();
    },
    kick: () => void runOnce(),
    async stop() {
      stopped = true;
      halted = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    runOnce,
    retry(captureId) {
      const db = deps.db();
      if (!db) throw new KindedError('locked', 'Le coffre est verrouillé : saisissez votre phrase secrète.');
      const row = db.captures.get(captureId);
      if (!row) throw new KindedError('not_found', 'Capture introuvable sur ce poste.');
      if (row.uploadState === 'done') return row;
      if (row.uploadState === null) throw new KindedError('conflict', 'Capture non enregistrée pour le serveur : rien à envoyer.');
      const next = db.captures.update(captureId, { uploadState: 'waiting', uploadNextAt: new Date().toISOString(), uploadAttempts: 0, uploadError: null });
      deps.changed(next);
      void runOnce();
      return next;
    },
  };
}
