import { API_PATHS } from '@shared/http/api';
import { PULL_MAX_LIMIT, PullResponseSchema, type PullResponse } from '@shared/sync/protocol';
import type { SyncProgress } from '@shared/api/contract';
import { KV_KEYS, type LocalDb } from '../db';
import type { ServerClient } from '../server-client';
import { acknowledge, rebaseReports, restoreAfterServerLoss } from './local';

export type PullDeps = {
  db: LocalDb;
  client: ServerClient;
  token: () => Promise<string>;
  pageSize?: number;
  /** First syncs at least this large into an empty store use a bulk load (default 20 000). */
  bulkLoadFrom?: number;
  onProgress: (p: SyncProgress) => void;
  /** The server was found behind this workstation (restored from a backup): `resent` changes put back to push. */
  onServerRestored?: (resent: number) => void;
};

/** Changes this large are followed by fresh planner statistics, so the queue keeps its fast plans. */
const OPTIMISE_AFTER = 10_000;
/** A first sync at least this large into an empty store builds its search structures at the end. */
const BULK_LOAD_FROM = 20_000;

/**
 * Pulls pages until the server has nothing more. Each page and its cursor commit in ONE transaction:
 * a sync interrupted anywhere resumes from the last committed page, never duplicating or losing one.
 * The next page is requested while the current one is written, so network and disk overlap.
 */
export async function pullAll(deps: PullDeps): Promise<number> {
  const { db, client } = deps;
  const limit = deps.pageSize ?? PULL_MAX_LIMIT;
  // Rejections are reported after what this store already acknowledged.
  const known = db.kv.get<number>(KV_KEYS.lastMutationId) ?? 0;
  const fetchPage = async (cursor: string | null): Promise<PullResponse> =>
    client.post(API_PATHS.pull, { cursor, limit, lastMutationId: known }, PullResponseSchema, { token: await deps.token() });
  // Local changes still waiting are shown again on top of each report the server sends.
  const rebase = (touched: readonly string[]): void => {
    if (db.outbox.count() > 0) rebaseReports(db, touched);
  };
  const clientId = db.device.get()?.deviceId ?? null;

  let done = 0;
  let bulk = false;
  let next: Promise<PullResponse> | null = fetchPage(db.kv.get<string>(KV_KEYS.syncCursor));
  try {
    while (next) {
      const page: PullResponse = await next;
      if (done === 0 && clientId !== null && page.lastMutationId < known) {
        // Processed ids never go down on a server, unless it was restored from an older backup.
        const resent = restoreAfterServerLoss(db, clientId, page.lastMutationId);
        deps.onServerRestored?.(resent);
        return 0;
      }
      if (done === 0 && page.changes.length + page.remaining >= (deps.bulkLoadFrom ?? BULK_LOAD_FROM)) bulk = db.bulkLoad.begin();
      // Prefetch before writing; if the write fails the prefetched page is dropped with the error.
      next = page.hasMore ? fetchPage(page.cursor) : null;
      next?.catch(() => undefined);
      // The last page's lastMutationId was read before its changes: every mutation up to it is reflected
      // in what was pulled, so they leave the outbox in the same transaction as that page.
      const acknowledgeHere = !page.hasMore && clientId !== null;
      const ack = (): void => {
        if (clientId) acknowledge(db, clientId, page.lastMutationId, page.rejections ?? []);
      };
      db.writer.applyPage(
        page.changes,
        { [KV_KEYS.syncCursor]: page.cursor, ...(page.hasMore ? {} : { [KV_KEYS.lastSyncAt]: new Date().toISOString() }) },
        acknowledgeHere ? ack : rebase,
      );
      done += page.changes.length;
      deps.onProgress({ done, total: done + page.remaining });
    }
  } finally {
    // Also after a failure: the officer works on what arrived, with full search, while offline.
    if (bulk) db.bulkLoad.end();
  }
  if (done >= OPTIMISE_AFTER) db.optimize();
  return done;
}
