import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Decision, Category, ServiceKind } from '@shared';
import type { Reporter } from '@shared';

/**
 * The central server's schema, one for PGlite (embedded default) and PostgreSQL (production).
 * Migrations are generated from it by drizzle-kit into resources/migrations/server.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/**
 * Every write to a report takes the next value of this sequence as the report's version, inside a
 * transaction that first takes the reports advisory lock: versions are then committed in order and the
 * pull feed (`version > cursor`) can never skip a change committed late.
 */
export const reportVersionSeq = pgSequence('report_version_seq', { startWith: 1 });
export const reportReferenceSeq = pgSequence('report_reference_seq', { startWith: 1 });
export const REPORTS_WRITE_LOCK = 7_310_001;
/** Serialises appends to the audit chains (taken after the reports lock when both are needed). */
export const AUDIT_WRITE_LOCK = 7_310_002;

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  disabled: boolean('disabled').notNull().default(false),
});

export const devices = pgTable('devices', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  publicKey: text('public_key').notNull(),
  enrolledAt: ts('enrolled_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});

export const enrolmentCodes = pgTable('enrolment_codes', {
  codeHash: text('code_hash').primaryKey(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  deviceId: uuid('device_id'),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  keyHash: text('key_hash').notNull().unique(),
  organisation: text('organisation').notNull(),
  /** 'professional' or 'state': the source recorded on reports submitted with this key. */
  source: text('source').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});

export const refreshTokens = pgTable('refresh_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  deviceId: uuid('device_id').notNull().references(() => devices.id),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  /** The session (auth_sessions) this token belongs to; null for tokens issued before sessions existed. */
  sessionId: uuid('session_id'),
});

export * from './schema-accounts';

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    source: text('source').notNull(),
    category: text('category').notNull(),
    status: text('status').notNull(),
    priority: integer('priority').notNull(),
    urls: jsonb('urls').$type<string[]>().notNull(),
    canonicalUrls: jsonb('canonical_urls').$type<string[]>().notNull(),
    description: text('description').notNull(),
    reporter: jsonb('reporter').$type<Reporter>(),
    externalRef: text('external_ref'),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
    receivedAt: ts('received_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: ts('lease_until'),
    assignedTo: text('assigned_to'),
    clusterId: uuid('cluster_id'),
    version: bigint('version', { mode: 'number' })
      .notNull()
      .default(sql`nextval('report_version_seq')`),
    /**
     * The report as the sync feed sends it (JSON text, events included, reporter and closing brace
     * left out because they depend on the caller's role). Maintained by database triggers (migration
     * 0002) on every write of the report or of its events, so every writer keeps it right and a pull
     * page is a concatenation instead of hundreds of thousands of JSON constructions.
     */
    syncDoc: text('sync_doc'),
    /** Verification, qualification, screening, orientation, proposal, review and thread (Decision). */
    decision: jsonb('decision').$type<Decision>(),
    /**
     * The version of the last change someone made (a mutation, an arbitration, intake grouping a
     * duplicate): set by a trigger (migration 0011) at every new version, except in a transaction that
     * declares itself the server's bookkeeping (`pharos.bookkeeping`: a capture's copy arrived), which
     * bumps `version` so workstations pull it, but is nobody's decision. The compare-and-set of decisions
     * reads it, so that bookkeeping never turns an officer's decision into a competing one.
     */
    authoredVersion: bigint('authored_version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('reports_version_idx').on(t.version),
    index('reports_status_idx').on(t.status),
    // Cross-checking (recoupement): find open reports sharing a canonical URL with a new one.
    index('reports_canonical_urls_idx').using('gin', t.canonicalUrls),
  ],
);

export const reportEvents = pgTable(
  'report_events',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    at: ts('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    detail: text('detail'),
    deviceId: uuid('device_id'),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.at)],
);

/** Per client (enrolled device): the highest mutation id processed, the key of exactly-once push. */
export const syncClients = pgTable('sync_clients', {
  clientId: uuid('client_id').primaryKey(),
  lastMutationId: bigint('last_mutation_id', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Every processed mutation, applied or rejected, in the order it was processed: the outcome reported
 * back to the client (pull), and the record of who did what from which device. `versionAfter` is the
 * report version an applied mutation produced, used by the compare-and-set of decisions to tell the
 * client's own earlier changes from someone else's.
 */
export const syncMutations = pgTable(
  'sync_mutations',
  {
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    clientId: uuid('client_id').notNull(),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    args: jsonb('args').notNull(),
    reportId: uuid('report_id'),
    createdAt: ts('created_at').notNull(),
    processedAt: ts('processed_at').notNull(),
    status: text('status').notNull(),
    reasonKind: text('reason_kind'),
    reasonMessage: text('reason_message'),
    versionAfter: bigint('version_after', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('sync_mutations_client_idx').on(t.clientId, t.mutationId),
    index('sync_mutations_report_idx').on(t.reportId, t.versionAfter),
  ],
);

/**
 * A decision that lost the compare-and-set (someone else changed the report since the version it was
 * based on): kept whole so that nothing is lost and a supervisor can arbitrate (competing decision).
 */
export const competingDecisions = pgTable(
  'competing_decisions',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id').notNull(),
    clientId: uuid('client_id').notNull(),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    userId: uuid('user_id').notNull(),
    actor: text('actor').notNull(),
    name: text('name').notNull(),
    args: jsonb('args').notNull(),
    baseVersion: bigint('base_version', { mode: 'number' }).notNull(),
    currentVersion: bigint('current_version', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    resolvedAt: ts('resolved_at'),
    /** The supervisor's arbitration: who, which side (keep_applied | adopt_competing), and why. */
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
    resolutionComment: text('resolution_comment'),
  },
  (t) => [index('competing_decisions_report_idx').on(t.reportId)],
);

/** Push requests refused as a whole (wrong device, another officer's mutations, a gap): who tried what. */
export const syncRefusals = pgTable('sync_refusals', {
  id: uuid('id').primaryKey(),
  at: ts('at').notNull(),
  userId: uuid('user_id'),
  deviceId: uuid('device_id'),
  clientId: text('client_id'),
  status: integer('status').notNull(),
  reason: text('reason').notNull(),
});

/**
 * The server's own audit chain (src/shared/audit/chain.ts): every mutation it processed, applied or
 * rejected, and every push it refused, one entry each, hash-chained in `seq` order. `payload` is the
 * canonical JSON text that `payload_hash` hashes, kept as text so verification reads the exact bytes.
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  prevHash: text('prev_hash').notNull(),
  actor: text('actor').notNull(),
  device: text('device').notNull(),
  at: text('at').notNull(),
  action: text('action').notNull(),
  payload: text('payload').notNull(),
  payloadHash: text('payload_hash').notNull(),
  hash: text('hash').notNull(),
});

/**
 * Each device's audit chain as the device pushed it, checked on arrival to continue exactly what is held
 * here (no fork, no gap, hashes recomputed). Payloads stay on the device; a mutation's is checked against
 * the pushed mutation before it is applied.
 */
export const auditDeviceEntries = pgTable(
  'audit_device_entries',
  {
    device: uuid('device').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    actor: text('actor').notNull(),
    at: text('at').notNull(),
    action: text('action').notNull(),
    payloadHash: text('payload_hash').notNull(),
    hash: text('hash').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.device, t.seq] })],
);

/**
 * Captures recorded against a report (recordCapture mutation): the metadata an uploaded WACZ is checked
 * against (SHA-256 and size), who recorded it from which device, and when its verified copy arrived.
 * The WACZ itself is a file in the data folder's evidence storage (src/server/evidence).
 */
export const captures = pgTable(
  'captures',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    url: text('url').notNull(),
    finalUrl: text('final_url'),
    state: text('state').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
    waczSha256: text('wacz_sha256').notNull(),
    waczBytes: bigint('wacz_bytes', { mode: 'number' }).notNull(),
    signerFingerprint: text('signer_fingerprint').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    deviceId: uuid('device_id').notNull(),
    recordedAt: ts('recorded_at').notNull(),
    uploadedAt: ts('uploaded_at'),
  },
  (t) => [index('captures_report_idx').on(t.reportId, t.startedAt)],
);

/**
 * The orientation directory (DESIGN §1 step 5): services a case can be sent to. Seeded with the
 * territorial services of every département, the central offices and the international channels;
 * synced to workstations as a whole whenever its version (the highest row version) changes.
 */
export const directoryServices = pgTable('directory_services', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<ServiceKind>().notNull(),
  name: text('name').notNull(),
  departement: text('departement'),
  country: text('country'),
  categories: jsonb('categories').$type<Category[]>().notNull(),
  channel: text('channel'),
  notes: text('notes'),
  active: boolean('active').notNull().default(true),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Every write to the legal catalog takes the next value of this sequence as the entry's version, under
 * the catalog advisory lock: the catalog feed (`version > cursor`) then never skips a late commit.
 */
export const catalogVersionSeq = pgSequence('catalog_version_seq', { startWith: 1 });
export const CATALOG_WRITE_LOCK = 7_310_003;

/** The legal catalog: the built-in taxonomy and the imported NATINF table (one row per offence). */
export const catalogOffences = pgTable(
  'catalog_offences',
  {
    /** `natinf-<code>` for NATINF rows (so an import upserts by code), the taxonomy's own id otherwise. */
    id: text('id').primaryKey(),
    natinf: text('natinf').unique(),
    label: text('label').notNull(),
    nature: text('nature').notNull(),
    contraventionClass: integer('contravention_class'),
    definedBy: text('defined_by').notNull(),
    punishedBy: text('punished_by').notNull(),
    category: text('category').notNull(),
    source: text('source').notNull(),
    version: bigint('version', { mode: 'number' })
      .notNull()
      .default(sql`nextval('catalog_version_seq')`),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('catalog_offences_version_idx').on(t.version)],
);

/** Each NATINF import that changed the catalog or not: when, what file, what it did. */
export const catalogImports = pgTable('catalog_imports', {
  id: uuid('id').primaryKey(),
  at: ts('at').notNull(),
  fileName: text('file_name').notNull(),
  encoding: text('encoding').notNull(),
  rows: integer('rows').notNull(),
  inserted: integer('inserted').notNull(),
  updated: integer('updated').notNull(),
});
