import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, LocalRejection, SyncStatus } from '@shared';

export type SyncState = {
  status: SyncStatus | null;
  /** Failure of the call itself (the sync's own errors are in status.lastError). */
  error: AppError | null;
  /** Local changes the server refused, newest first: shown with their reason (their effect is gone). */
  rejections: LocalRejection[];
  load(): Promise<void>;
  syncNow(): Promise<void>;
  loadRejections(): Promise<void>;
  /** The officer has read that the server was restored from a backup. */
  dismissRestored(): Promise<void>;
};
export type SyncStore = StoreApi<SyncState>;

/** What the status bar shows, in the vocabulary of the `data-state` test attribute. */
export type SyncDisplayState = 'idle' | 'syncing' | 'offline' | 'error';

export function syncDisplayState(status: SyncStatus | null): SyncDisplayState {
  if (!status) return 'idle';
  if (status.syncing) return 'syncing';
  if (!status.online) return 'offline';
  if (status.lastError) return 'error';
  return 'idle';
}

export function createSyncStore(api: ApiClient): SyncStore {
  const store = createStore<SyncState>()((set) => ({
    status: null,
    error: null,
    rejections: [],
    async loadRejections() {
      const r = await api.invoke('sync.rejections', { limit: 20 });
      if (r.ok) set({ rejections: r.value });
    },
    async load() {
      const r = await api.invoke('sync.status', {});
      if (r.ok) set({ status: r.value, error: null });
      else set({ error: r.error });
    },
    async dismissRestored() {
      const r = await api.invoke('sync.dismissRestored', {});
      if (r.ok) set({ status: r.value, error: null });
      else set({ error: r.error });
    },
    async syncNow() {
      // Progress comes through events while the call runs; the result is the final status.
      const r = await api.invoke('sync.now', {});
      if (r.ok) set({ status: r.value, error: null });
      else set({ error: r.error });
    },
  }));
  api.on('sync.status', (status) => {
    store.setState({ status, error: null });
    // A finished sync may have brought refusals of local changes.
    if (!status.syncing) void store.getState().loadRejections();
  });
  return store;
}
