import Database from 'better-sqlite3-multiple-ciphers';
import { BaseSQLiteDatabase, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session';
import { KindedError } from '@shared/result';
import { migrate } from './migrations';
import * as schema from './schema';

export type Sqlite = Database.Database;
export type Orm = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
export type RawDb = { sqlite: Sqlite; orm: Orm };

export type OpenOptions = {
  file: string;
  /**
   * The 32-byte data key from the vault. `null` opens a plain, unencrypted file: only benchmarks use
   * it, to measure what encryption costs against the very same code path.
   */
  key: Buffer | null;
  /** Stop at this schema version (migration tests); default: the latest. */
  targetVersion?: number;
};

/** Opens (creating if needed) the store with the data key, checks the key, then migrates it. */
export function openRaw(opts: OpenOptions): RawDb {
  const sqlite = new Database(opts.file);
  try {
    if (opts.key) applyKey(sqlite, opts.key);
    verifyReadable(sqlite, opts.file);
    // WAL: readers never wait for the sync writer; NORMAL is crash-safe in WAL (a power cut may lose
    // the last commits, never corrupt), and the sync cursor commits with its data so nothing is lost.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('temp_store = MEMORY');
    // 128 MiB of decrypted pages: a 100 000-report store's indexes stay in memory during a sync, so
    // pages are not evicted, re-read and decrypted again between pages.
    sqlite.pragma('cache_size = -131072');
    sqlite.pragma('foreign_keys = ON');
    // Fewer, larger checkpoints: with encryption every checkpoint decrypts and re-encrypts the pages it
    // copies, and a sync burst rewrites the same index pages many times. The WAL is trimmed after.
    sqlite.pragma('wal_autocheckpoint = 16384');
    sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    migrate(sqlite, opts.targetVersion);
    return { sqlite, orm: createOrm(sqlite) };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

function applyKey(sqlite: Sqlite, key: Buffer): void {
  if (key.length !== 32) throw new KindedError('internal', 'Clé de données invalide (32 octets attendus).');
  // AEGIS-256 (SQLite3 Multiple Ciphers), a raw 256-bit key and no key derivation (the vault already
  // did Argon2id): every page is encrypted and authenticated (AEAD, a flipped byte is an error, never
  // silently read). Measured on these machines, SQLCipher 4's AES-CBC + HMAC scheme made a bulk ingest
  // take about twice as long as an unencrypted store; AEGIS, on the CPU's AES instructions, costs about
  // as much as no encryption. Part of the file format: every open must use the same cipher.
  sqlite.pragma(`cipher = 'aegis'`);
  sqlite.pragma(`algorithm = 'aegis-256'`);
  sqlite.pragma(`key = "x'${key.toString('hex')}'"`);
}

function verifyReadable(sqlite: Sqlite, file: string): void {
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new KindedError(
        'internal',
        `La base locale ${file} ne peut pas être déchiffrée avec la clé de ce coffre (coffre différent ou fichier endommagé). Elle n’a pas été modifiée.`,
      );
    }
    throw e;
  }
}

/**
 * drizzle's `drizzle-orm/better-sqlite3` entry imports the plain `better-sqlite3` package at load time,
 * which is not installed (the cipher build replaces it). Its session works with the cipher Database
 * as is, so the typed query builder is assembled from the session and the sync dialect directly.
 */
function createOrm(sqlite: Sqlite): Orm {
  const dialect = new SQLiteSyncDialect();
  const session = new BetterSQLiteSession(sqlite, dialect, undefined, {});
  return new BaseSQLiteDatabase('sync', dialect, session, undefined) as Orm;
}
