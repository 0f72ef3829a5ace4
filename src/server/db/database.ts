import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';
import { migrateDatabase } from './migrate';

/** One drizzle type for both engines: services never know whether PGlite or PostgreSQL is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';
export type OpenDatabase = { db: Db; kind: DatabaseKind; close(): Promise<void> };

/**
 * Opens the server database: PostgreSQL when a URL is given (production, scale-out path), else the
 * embedded PGlite in DIR/pglite so the server starts with no installation. Migrations run before use.
 */
export async function openDatabase(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<OpenDatabase> {
  const opened = opts.databaseUrl ? openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  try {
    await migrateDatabase(opened.db);
  } catch (e) {
    await opened.close();
    throw e;
  }
  return opened;
}

async function openPglite(dataDir: string): Promise<OpenDatabase> {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db: Db = drizzlePglite({ client, schema });
  return { db, kind: 'pglite', close: () => client.close() };
}

function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db: Db = drizzlePg({ client: pool, schema });
  return { db, kind: 'postgres', close: () => pool.end() };
}
