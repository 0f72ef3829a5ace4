import { createContext, useContext } from 'react';
import type { ApiClient, AppError } from '@shared';
import { createVaultStore, type VaultStore } from '../features/vault/store';
import { createEnrolmentStore, type EnrolmentStore } from '../features/enrolment/store';
import { createSessionStore, type SessionStore } from '../features/login/store';
import { createSyncStore, type SyncStore } from '../features/sync/store';
import { createQueueStore, type QueueStore } from '../features/queue/store';
import { createReportStore, type ReportStore } from '../features/report/store';
import { createCaptureStore, type CaptureStore } from '../features/capture/store';
import { createDecisionStore, type DecisionStore } from '../features/decision/store';
import { createReviewStore, type ReviewStore } from '../features/review/store';
import { createCompetingStore, type CompetingStore } from '../features/competing/store';
import { createQualificationStore, type QualificationStore } from '../features/qualification/store';
import { createConservationStore, type ConservationStore } from '../features/conservation/store';

const REFRESH_DURING_SYNC_MS = 2000;

export type Stores = {
  vault: VaultStore;
  enrolment: EnrolmentStore;
  session: SessionStore;
  sync: SyncStore;
  queue: QueueStore;
  report: ReportStore;
  capture: CaptureStore;
  decision: DecisionStore;
  review: ReviewStore;
  competing: CompetingStore;
  qualification: QualificationStore;
  conservation: ConservationStore;
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
    capture: createCaptureStore(api),
    decision: createDecisionStore(api),
    review: createReviewStore(api),
    competing: createCompetingStore(api),
    qualification: createQualificationStore(api),
    conservation: createConservationStore(api),
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
  // Refresh what is on screen when a sync ends, and now and then while a long first sync brings
  // reports in (so the queue fills up instead of staying empty for minutes).
  let lastRefresh = 0;
  stores.sync.subscribe((s, prev) => {
    if (!s.status || !prev.status) return;
    const finished = s.status.lastSyncAt !== null && s.status.lastSyncAt !== prev.status.lastSyncAt;
    const grown = s.status.reportCount !== prev.status.reportCount && Date.now() - lastRefresh > REFRESH_DURING_SYNC_MS;
    if (!finished && !grown) return;
    lastRefresh = Date.now();
    stores.queue.getState().refresh();
    if (finished) {
      void stores.report.getState().reload();
      void stores.decision.getState().loadDirectory();
      if (stores.review.getState().active) void stores.review.getState().refresh();
    }
  });
  // A call refused because the vault locked or the session ended (without the event reaching us,
  // e.g. during a reconnection) re-reads the state, which brings the right screen back.
  const recheck = (error: AppError | null, prev: AppError | null): void => {
    if (!error || error === prev) return;
    if (error.kind === 'locked') void stores.vault.getState().load();
    if (error.kind === 'unauthorized') void stores.session.getState().load();
  };
  stores.queue.subscribe((s, prev) => recheck(s.error, prev.error));
  stores.report.subscribe((s, prev) => recheck(s.error, prev.error));
  return stores;
}

function forgetWork(stores: Stores): void {
  stores.queue.getState().reset();
  stores.report.getState().close();
  void stores.capture.getState().show(null);
  stores.decision.getState().reset();
  stores.review.getState().reset();
  stores.competing.getState().reset();
  stores.conservation.getState().reset();
}

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext missing: render inside <AppRoot>');
  return stores;
}
