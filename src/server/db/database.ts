import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { repairModes } from '../data-dir';
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
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const client = await PGlite.create(dir);
  // PGlite's WASM file system chmods what it creates to the mode PostgreSQL asked for, past the
  // process umask: the files of a new database are 0666, pg_internal.init is rewritten 0644 at each
  // open. Its later files are 0600. So the folder is repaired once open and again once closed.
  repairModes(dir);
  const db: Db = drizzlePglite({ client, schema });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      repairModes(dir);
    },
  };
}

function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection ended by PostgreSQL (a restart, an administrator, a dropped database) is reported
  // on the pool; unhandled, that event would end the whole server. The pool drops that client and opens a
  // new one at the next query, which reports its own error if the database is really gone.
  pool.on('error', (e) => void process.stderr.write(`PostgreSQL : connexion inactive fermée par le serveur (${e.message})\n`));
  const db: Db = drizzlePg({ client: pool, schema });
  return { db, kind: 'postgres', close: () => pool.end() };
}
