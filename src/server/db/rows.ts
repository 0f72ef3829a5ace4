import { getTableColumns, getTableName, sql, type InferInsertModel, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
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

/**
 * Inserts many rows of a table in one statement with one parameter: the rows travel as a JSON array that
 * the database expands (json_populate_recordset), instead of the query builder binding every value of
 * every row — for a push of hundreds of mutations, building the statement cost more than running it.
 * Rows are keyed by the table's property names as for `tx.insert(table).values(rows)`; a column no row
 * names keeps its default. Dates travel as ISO 8601 text, JSON columns as nested JSON.
 */
export async function insertJson<T extends PgTable>(tx: Executor, table: T, rows: readonly InferInsertModel<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows as readonly Record<string, unknown>[];
  const used = Object.entries(getTableColumns(table) as Record<string, { name: string }>).filter(([key]) => records.some((r) => r[key] !== undefined));
  const json = records.map((r) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of used) record[column.name] = r[key] ?? null;
    return record;
  });
  const list = sql.join(used.map(([, column]) => sql.identifier(column.name)), sql`, `);
  const name = sql.identifier(getTableName(table));
  await tx.execute(sql`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${JSON.stringify(json)}::json)`);
}
