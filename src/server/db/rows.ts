import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { REPORTS_WRITE_LOCK } from './schema';
import type * as schema from './schema';

type Executor = Pick<PgDatabase<PgQueryResultHKT, typeof schema>, 'execute'>;

/** Rows of a raw query: both drivers (PGlite, node-postgres) return `{ rows }`, the HKT just hides it. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Transaction type shared by both drivers. */
export type Tx = Parameters<Parameters<PgDatabase<PgQueryResultHKT, typeof schema>['transaction']>[0]>[0];

/**
 * Runs a report write. The advisory lock serialises writers, so report versions (taken from
 * report_version_seq inside the lock) become visible in increasing order and a pull cursor never
 * skips a change that committed after a higher version.
 */
export function withReportsLock<T>(db: PgDatabase<PgQueryResultHKT, typeof schema>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REPORTS_WRITE_LOCK})`);
    return fn(tx);
  });
}
