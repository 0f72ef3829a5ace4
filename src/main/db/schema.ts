import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The typed view of the local encrypted store. The DDL itself lives in migrations.ts (one step per
 * schema version); this file mirrors the latest version for typed reads and writes.
 */
export const reports = sqliteTable('reports', {
  /** Local row number: compact key for indexes and the full-text table. */
  seq: integer('seq').primaryKey(),
  id: text('id').notNull().unique(),
  reference: text('reference').notNull(),
  source: text('source').notNull(),
  category: text('category').notNull(),
  status: text('status').notNull(),
  priority: integer('priority').notNull(),
  /** JSON array of the reported addresses. */
  urls: text('urls').notNull(),
  firstUrl: text('first_url').notNull(),
  urlCount: integer('url_count').notNull(),
  description: text('description').notNull(),
  /** JSON object, or null when absent or not visible to the role. */
  reporter: text('reporter'),
  externalRef: text('external_ref'),
  receivedAt: text('received_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  claimedBy: text('claimed_by'),
  leaseUntil: text('lease_until'),
  assignedTo: text('assigned_to'),
  clusterId: text('cluster_id'),
  version: integer('version').notNull(),
  /** Searchable text: urls joined by spaces (the full-text index reads reference, this and description). */
  searchUrls: text('search_urls').notNull(),
  /** JSON of the report's Decision, or null before any verification, qualification or orientation. */
  decision: text('decision'),
});

export const reportEvents = sqliteTable(
  'report_events',
  {
    reportSeq: integer('report_seq').notNull(),
    position: integer('position').notNull(),
    id: text('id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    detail: text('detail'),
  },
  (t) => [primaryKey({ columns: [t.reportSeq, t.position] })],
);

/** Small settings and sync state (cursor, last sync time, refresh token…), values as JSON. */
export const kv = sqliteTable('kv', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** The identity of this workstation with the server. Secrets live only here, inside the encrypted DB. */
export const device = sqliteTable('device', {
  /** Always 1: one identity per workstation store. */
  slot: integer('slot').primaryKey(),
  deviceId: text('device_id').notNull(),
  name: text('name').notNull(),
  privateKeyPkcs8: blob('private_key_pkcs8', { mode: 'buffer' }).notNull(),
  publicKeySpki: text('public_key_spki').notNull(),
  serverUrl: text('server_url').notNull(),
  fingerprint: text('fingerprint').notNull(),
  certPem: text('cert_pem').notNull(),
  enrolledAt: text('enrolled_at').notNull(),
});
