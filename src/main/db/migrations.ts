import type Database from 'better-sqlite3-multiple-ciphers';
import { KindedError } from '@shared/result';
// Own file: the audit log's migration computes hashes (the chain over changes already waiting).
import { v7 } from './audit-migration';
import { v12, v2, v3, v4, v6 } from './search-migrations';

type Db = Database.Database;
export type Migration = { version: number; description: string; up: (db: Db) => void };

/** v1: the core tables. */
const v1: Migration = {
  version: 1,
  description: 'reports, events, settings and device identity',
  up: (db) =>
    db.exec(`
      CREATE TABLE reports (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        reference TEXT NOT NULL,
        source TEXT NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        priority INTEGER NOT NULL,
        urls TEXT NOT NULL,
        first_url TEXT NOT NULL,
        url_count INTEGER NOT NULL,
        description TEXT NOT NULL,
        reporter TEXT,
        external_ref TEXT,
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        claimed_by TEXT,
        lease_until TEXT,
        assigned_to TEXT,
        cluster_id TEXT,
        version INTEGER NOT NULL,
        search_urls TEXT NOT NULL
      );
      -- Keyed by the report's local row number: a synced page appends to this tree instead of
      -- touching a random leaf per report (fewer dirty pages to encrypt at each commit).
      CREATE TABLE report_events (
        report_seq INTEGER NOT NULL,
        position INTEGER NOT NULL,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        detail TEXT,
        PRIMARY KEY (report_seq, position)
      ) WITHOUT ROWID;
      CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE device (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        device_id TEXT NOT NULL,
        name TEXT NOT NULL,
        private_key_pkcs8 BLOB NOT NULL,
        public_key_spki TEXT NOT NULL,
        server_url TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        cert_pem TEXT NOT NULL,
        enrolled_at TEXT NOT NULL
      );
    `),
};

/**
 * v5: the write half of sync. `outbox` holds each local change (a named mutation) until the server has
 * processed it, numbered per client (device) without gaps; `report_base` keeps the server's version of
 * a report while local changes are shown on top of it, so they can be re-applied on newer server data
 * or dropped when refused; `mutation_rejections` keeps what the server refused, with its reason, for
 * the officer to see.
 */
const v5: Migration = {
  version: 5,
  description: 'outbox of local changes, server versions under them, refused changes',
  up: (db) =>
    db.exec(`
      CREATE TABLE outbox (
        client_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        name TEXT NOT NULL,
        args TEXT NOT NULL,
        report_id TEXT,
        user_id TEXT NOT NULL,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (client_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX ix_outbox_report ON outbox (report_id, client_id, id);
      CREATE TABLE report_base (report_id TEXT PRIMARY KEY, report TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE mutation_rejections (
        client_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        name TEXT NOT NULL,
        args TEXT NOT NULL,
        report_id TEXT,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        PRIMARY KEY (client_id, id)
      ) WITHOUT ROWID;
    `),
};

/**
 * v8: the legal catalog, synced from the server on its own cursor. `catalog_articles` lists the articles
 * that define each offence (parsed once at write time) so "421-2-5" or "art. 24 loi 1881" is an index
 * lookup; FTS5 over labels, accents folded, answers words; favourites are per officer and category.
 */
const v8: Migration = {
  version: 8,
  description: 'legal catalog, its article index and full-text search, favourites',
  up: (db) =>
    db.exec(`
      CREATE TABLE catalog_offences (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        natinf TEXT,
        label TEXT NOT NULL,
        nature TEXT NOT NULL,
        contravention_class INTEGER,
        defined_by TEXT NOT NULL,
        punished_by TEXT NOT NULL,
        category TEXT NOT NULL,
        source TEXT NOT NULL
      );
      CREATE INDEX ix_catalog_natinf ON catalog_offences (natinf) WHERE natinf IS NOT NULL;
      CREATE INDEX ix_catalog_browse ON catalog_offences (category, source, label);
      CREATE TABLE catalog_articles (
        article TEXT NOT NULL, code TEXT NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (article, code, seq)
      ) WITHOUT ROWID;
      CREATE INDEX ix_catalog_articles_seq ON catalog_articles (seq);
      CREATE VIRTUAL TABLE catalog_fts USING fts5(
        label, content = 'catalog_offences', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER catalog_fts_ai AFTER INSERT ON catalog_offences BEGIN
        INSERT INTO catalog_fts (rowid, label) VALUES (new.seq, new.label);
      END;
      CREATE TRIGGER catalog_fts_ad AFTER DELETE ON catalog_offences BEGIN
        INSERT INTO catalog_fts (catalog_fts, rowid, label) VALUES ('delete', old.seq, old.label);
      END;
      CREATE TRIGGER catalog_fts_au AFTER UPDATE OF label ON catalog_offences BEGIN
        INSERT INTO catalog_fts (catalog_fts, rowid, label) VALUES ('delete', old.seq, old.label);
        INSERT INTO catalog_fts (rowid, label) VALUES (new.seq, new.label);
      END;
      CREATE TABLE catalog_favourites (
        user_id TEXT NOT NULL, category TEXT NOT NULL, offence_id TEXT NOT NULL, added_at TEXT NOT NULL,
        PRIMARY KEY (user_id, category, offence_id)
      ) WITHOUT ROWID;
    `),
};

/**
 * v9: captures made on this workstation, recorded against their report. The artifacts themselves are
 * encrypted blobs of the evidence store (ids in `artifacts`); the row keeps the steps for the progress
 * display, the last verification, and the upload to the server: a queue that survives restarts
 * (`upload_state`, the next attempt time for backoff, the server-confirmed offset to resume from).
 * `report_captures` keeps the captures the server lists in each report's document (any workstation's).
 */
const v9: Migration = {
  version: 9,
  description: 'captures of reports, with their artifacts, verification and upload queue',
  up: (db) =>
    db.exec(`
      CREATE TABLE captures (
        id TEXT PRIMARY KEY,
        report_id TEXT NOT NULL,
        url TEXT NOT NULL,
        final_url TEXT,
        state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'partial', 'failed')),
        reason TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        operator TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '[]',
        artifacts TEXT NOT NULL DEFAULT '[]',
        wacz_sha256 TEXT,
        wacz_bytes INTEGER,
        signer TEXT,
        verification TEXT,
        upload_state TEXT CHECK (upload_state IN ('waiting', 'uploading', 'done', 'refused')),
        upload_sent INTEGER NOT NULL DEFAULT 0,
        upload_attempts INTEGER NOT NULL DEFAULT 0,
        upload_next_at TEXT,
        upload_error TEXT
      ) WITHOUT ROWID;
      CREATE INDEX ix_captures_report ON captures (report_id, started_at);
      CREATE INDEX ix_captures_upload ON captures (upload_state, upload_next_at);
      CREATE TABLE report_captures (report_id TEXT PRIMARY KEY, captures TEXT NOT NULL) WITHOUT ROWID;
    `),
};

/**
 * v10: the decision workflow. Each report carries its decision data (verification, qualification,
 * screening, orientation, proposal, review thread) as the server's JSON document; absent until the first.
 */
const v10: Migration = {
  version: 10,
  description: 'decision data on reports',
  up: (db) => db.exec('ALTER TABLE reports ADD COLUMN decision TEXT'),
};

/**
 * v11: acknowledged changes are kept for a while after the server confirmed them. If the server is
 * restored from an older backup it no longer knows them: they go back to the outbox, with the same ids,
 * and are pushed again (the server applies each exactly once).
 */
const v11: Migration = {
  version: 11,
  description: 'acknowledged changes kept for a retention window',
  up: (db) =>
    db.exec(`
      CREATE TABLE outbox_acked (
        client_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        name TEXT NOT NULL,
        args TEXT NOT NULL,
        report_id TEXT,
        user_id TEXT NOT NULL,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        audit_seq INTEGER,
        acked_at TEXT NOT NULL,
        PRIMARY KEY (client_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX ix_outbox_acked_at ON outbox_acked (acked_at);
    `),
};

export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12];
export const LATEST_VERSION = MIGRATIONS.length;

/**
 * Brings the store to `target` (default: the latest), one transaction per version so that a failure
 * leaves the store at the last complete version. A store newer than this code is refused untouched.
 */
export function migrate(db: Db, target: number = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new KindedError(
      'unsupported',
      `La base locale a été écrite par une version plus récente de PHAROS Workstation (schéma ${current}, cette version connaît le schéma ${LATEST_VERSION}). Mettez l’application à jour ; la base n’a pas été modifiée.`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
