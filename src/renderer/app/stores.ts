import { createContext, useContext } from 'react';
import type { ApiClient } from '@shared';
import { createVaultStore, type VaultStore } from '../features/vault/store';
import { createEnrolmentStore, type EnrolmentStore } from '../features/enrolment/store';
import { createSessionStore, type SessionStore } from '../features/login/store';
import { createSyncStore, type SyncStore } from '../features/sync/store';
import { createQueueStore, type QueueStore } from '../features/queue/store';
import { createReportStore, type ReportStore } from '../features/report/store';

export type Stores = {
  vault: VaultStore;
  enrolment: EnrolmentStore;
  session: SessionStore;
  sync: SyncStore;
  queue: QueueStore;
  report: ReportStore;
};

/**
 * One set of stores per client. The cross-feature rules live here, not inside the features:
 * locking forgets everything read while unlocked, a logout forgets the queue, and a finished sync
 * refreshes what is on screen.
 */
export function createStores(api: ApiClient): Stores {
  const stores: Stores = {
    vault: createVaultStore(api),
    enrolment: createEnrolmentStore(api),
    session: createSessionStore(api),
    sync: createSyncStore(api),
    queue: createQueueStore(api),
    report: createReportStore(api),
  };
  stores.vault.subscribe((s, prev) => {
    if (prev.status?.state === 'unlocked' && s.status?.state !== 'unlocked') {
      stores.enrolment.getState().reset();
      stores.session.getState().reset();
      forgetWork(stores);
    }
  });
  stores.session.subscribe((s, prev) => {
    if (prev.session && !s.session) forgetWork(stores);
  });
  stores.sync.subscribe((s, prev) => {
    const last = s.status?.lastSyncAt ?? null;
    if (last !== null && prev.status?.lastSyncAt !== undefined && last !== prev.status.lastSyncAt) {
      stores.queue.getState().refresh();
      void stores.report.getState().reload();
    }
  });
  return stores;
}

function forgetWork(stores: Stores): void {
  stores.queue.getState().reset();
  stores.report.getState().close();
}

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext missing: render inside <AppRoot>');
  return stores;
}
