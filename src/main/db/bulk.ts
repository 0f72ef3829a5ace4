import type { Sqlite } from './open';
import { QUEUE_CATEGORY_INDEX_SQL, SEARCH_TRIGGERS_SQL } from './search-migrations';

/**
 * Bulk load of a first sync into an empty store. Maintaining the queue indexes and the full-text
 * index row by row costs most of the ingest time; building them once at the end (a sort, a single
 * full-text pass) is several times cheaper. The flag lives in the store, written in the same
 * transaction as the drop, so a crash mid-way is finished at the next open: a store is never left
 * without its search structures.
 *
 * These are the CURRENT definitions of what migrations 2 (and later) create; a test checks that a
 * bulk-loaded store ends with exactly the schema of a migrated one.
 */
const DEFERRED_DROP = `
  DROP INDEX IF EXISTS ix_queue_priority;
  DROP INDEX IF EXISTS ix_queue_received;
  DROP INDEX IF EXISTS ix_queue_category_priority;
  DROP TRIGGER IF EXISTS reports_fts_ai;
  DROP TRIGGER IF EXISTS reports_fts_ad;
  DROP TRIGGER IF EXISTS reports_fts_au;
`;

const DEFERRED_CREATE = `
  CREATE INDEX IF NOT EXISTS ix_queue_priority ON reports (priority DESC, received_at, seq, category, status, source);
  CREATE INDEX IF NOT EXISTS ix_queue_received ON reports (received_at, seq, category, status, source);
  ${QUEUE_CATEGORY_INDEX_SQL};
  ${SEARCH_TRIGGERS_SQL}
  INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');
`;

const FLAG = 'db.bulkLoad';

export type BulkLoad = {
  /** Starts a bulk load if the store is empty; returns whether it did. */
  begin(): boolean;
  /** Rebuilds what begin() deferred (no-op when no bulk load is in progress). */
  end(): void;
  active(): boolean;
};

export function createBulkLoad(sqlite: Sqlite): BulkLoad {
  const flag = sqlite.prepare('SELECT 1 FROM kv WHERE key = ?').pluck();
  const active = (): boolean => flag.get(FLAG) !== undefined;
  return {
    active,
    begin: () =>
      sqlite
        .transaction(() => {
          if (active()) return true;
          if (sqlite.prepare('SELECT count(*) FROM reports').pluck().get() !== 0) return false;
          sqlite.exec(DEFERRED_DROP);
          sqlite.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run(FLAG, 'true');
          return true;
        })
        .immediate(),
    end: () => {
      if (!active()) return;
      sqlite
        .transaction(() => {
          sqlite.exec(DEFERRED_CREATE);
          sqlite.prepare('DELETE FROM kv WHERE key = ?').run(FLAG);
        })
        .immediate();
    },
  };
}
