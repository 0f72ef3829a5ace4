/** Sync with the central server: pull into the encrypted store, progress and status, background loop. */
export { createSyncEngine, type SyncEngine, type SyncDeps } from './engine';
export { pullAll, type PullDeps } from './pull';
export { pushAll, type PushDeps } from './push';
export { pullCatalog, type CatalogPullDeps } from './catalog';
export { recordMutation, rebaseReports, acknowledge, type LocalActor } from './local';
