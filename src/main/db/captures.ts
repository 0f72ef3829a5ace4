import type { CaptureArtifact, CaptureUploadState, CaptureView } from '@shared/api/contract';
import type { Sqlite } from './open';

/** One capture as this workstation keeps it (migration 9). Artifacts point into the evidence store. */
export type StoredArtifactRef = CaptureArtifact & { evidenceId: string };
export type CaptureRow = Omit<CaptureView, 'artifacts' | 'upload'> & {
  artifacts: StoredArtifactRef[];
  waczBytes: number | null;
  uploadState: CaptureUploadState | null;
  uploadSent: number;
  uploadAttempts: number;
  uploadNextAt: string | null;
  uploadError: string | null;
};

export type CaptureStore = {
  insert(row: CaptureRow): void;
  update(id: string, patch: Partial<Omit<CaptureRow, 'id' | 'reportId'>>): CaptureRow;
  get(id: string): CaptureRow | null;
  forReport(reportId: string): CaptureRow[];
  /** Uploads to try now: waiting or cut short, whose backoff delay is over, oldest first. */
  dueUploads(now: string, limit: number): CaptureRow[];
  /** The earliest time a waiting upload becomes due (null: none waiting). */
  nextUploadAt(): string | null;
  /** Captures still "running" from a process that stopped: they can never finish. */
  failInterrupted(at: string): number;
};

type Raw = Record<string, string | number | null>;
const COLS: [keyof CaptureRow, string, 'json' | 'plain'][] = [
  ['id', 'id', 'plain'], ['reportId', 'report_id', 'plain'], ['url', 'url', 'plain'], ['finalUrl', 'final_url', 'plain'],
  ['state', 'state', 'plain'], ['reason', 'reason', 'plain'], ['startedAt', 'started_at', 'plain'], ['endedAt', 'ended_at', 'plain'],
  ['operator', 'operator', 'plain'], ['steps', 'steps', 'json'], ['artifacts', 'artifacts', 'json'], ['waczSha256', 'wacz_sha256', 'plain'],
  ['waczBytes', 'wacz_bytes', 'plain'], ['signer', 'signer', 'plain'], ['verification', 'verification', 'json'],
  ['uploadState', 'upload_state', 'plain'], ['uploadSent', 'upload_sent', 'plain'], ['uploadAttempts', 'upload_attempts', 'plain'],
  ['uploadNextAt', 'upload_next_at', 'plain'], ['uploadError', 'upload_error', 'plain'],
];

const fromRaw = (r: Raw): CaptureRow => {
  const out: Record<string, unknown> = {};
  for (const [key, col, kind] of COLS) out[key] = kind === 'json' && r[col] !== null ? JSON.parse(String(r[col])) : r[col];
  return out as CaptureRow;
};
const toParam = (row: Partial<CaptureRow>, key: keyof CaptureRow, kind: 'json' | 'plain'): string | number | null => {
  const v = row[key];
  if (v === undefined || v === null) return null;
  return kind === 'json' ? JSON.stringify(v) : (v as string | number);
};

export function createCaptureStore(sqlite: Sqlite): CaptureStore {
  const insert = sqlite.prepare(`INSERT INTO captures (${COLS.map((c) => c[1]).join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`);
  const get = sqlite.prepare('SELECT * FROM captures WHERE id = ?');
  const forReport = sqlite.prepare('SELECT * FROM captures WHERE report_id = ? ORDER BY started_at DESC, id');
  const due = sqlite.prepare(
    `SELECT * FROM captures WHERE upload_state IN ('waiting', 'uploading') AND (upload_next_at IS NULL OR upload_next_at <= ?)
     ORDER BY started_at LIMIT ?`,
  );
  const next = sqlite.prepare(`SELECT min(coalesce(upload_next_at, '')) FROM captures WHERE upload_state IN ('waiting', 'uploading')`).pluck();
  const interrupted = sqlite.prepare(
    `UPDATE captures SET state = 'failed', reason = 'capture interrompue : l’application s’est arrêtée pendant la capture', ended_at = ?
     WHERE state = 'running'`,
  );
  const read = (id: string): CaptureRow | null => {
    const r = get.get(id) as Raw | undefined;
    return r ? fromRaw(r) : null;
  };
  return {
    insert: (row) => void insert.run(COLS.map(([key, , kind]) => toParam(row, key, kind))),
    update(id, patch) {
      const entries = COLS.filter(([key]) => key !== 'id' && key !== 'reportId' && patch[key] !== undefined);
      if (entries.length > 0) {
        sqlite
          .prepare(`UPDATE captures SET ${entries.map(([, col]) => `${col} = ?`).join(', ')} WHERE id = ?`)
          .run(...entries.map(([key, , kind]) => toParam(patch, key, kind)), id);
      }
      const row = read(id);
      if (!row) throw new Error(`capture inconnue : ${id}`);
      return row;
    },
    get: read,
    forReport: (reportId) => (forReport.all(reportId) as Raw[]).map(fromRaw),
    dueUploads: (now, limit) => (due.all(now, limit) as Raw[]).map(fromRaw),
    nextUploadAt: () => {
      const v = next.get() as string | null;
      return v === null ? null : v === '' ? new Date(0).toISOString() : v;
    },
    failInterrupted: (at) => interrupted.run(at).changes,
  };
}
