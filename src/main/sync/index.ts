/** Sync with the central server: pull into the encrypted store, progress and status, background loop. */
export { createSyncEngine, type SyncEngine, type SyncDeps } from './engine';
export { pullAll, type PullDeps } from './pull';
export { pushAll, type PushDeps } from './push';
export { recordMutation, rebaseReports, acknowledge, restoreAfterServerLoss, type LocalActor, type ServerRestoredNotice } from './local';
export { createArbitration, type Arbitration, type ArbitrationDeps } from './arbitration';
export { createLeaseKeeper, type LeaseKeeper, type LeaseKeeperDeps } from './lease';
export { localDirectory, pullDirectory, planContext } from './directory';
export { pullCatalog, type CatalogPullDeps } from './catalog';
