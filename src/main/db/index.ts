/** The local encrypted store (SQLCipher): opened explicitly with the vault's data key, never at import. */
export { openLocalDb, DB_FILE, type LocalDb } from './store';
export { openRaw, type OpenOptions, type Sqlite } from './open';
export { migrate, MIGRATIONS, LATEST_VERSION, type Migration } from './migrations';
export { KV_KEYS, type KvStore } from './kv';
export type { DeviceIdentity, NewDeviceIdentity, DeviceStore } from './device';
export { createQueueReader, facetQuery, pageWindow, type QueueFilter } from './queue';
export { estimateMatches, foldLikeTokenizer, matchOf, searchTerms, textStrategy, type QueueTuning } from './queue-text';
export type { ReportWriter, PageHook } from './reports';
export type { OutboxEntry, NewOutboxEntry, OutboxStore, StoredRejection } from './outbox';
export * as schema from './schema';
export type { AuditStore, StoredAuditEntry } from './audit';
export type { CaptureRow, CaptureStore, StoredArtifactRef } from './captures';
export type { CatalogStore } from './catalog';
