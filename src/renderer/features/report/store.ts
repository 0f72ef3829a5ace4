import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, Report } from '@shared';

export type ReportState = {
  openId: string | null;
  report: Report | null;
  loading: boolean;
  error: AppError | null;
  open(id: string): Promise<void>;
  /** Re-reads the open report without blanking it (after a sync). */
  reload(): Promise<void>;
  /** Why the last action on the open report was refused on this workstation (null when it was recorded). */
  actionError: AppError | null;
  /** Takes or gives back the open report: recorded at once (offline too), sent by the sync. */
  act(action: ReportClaimAction): Promise<void>;
  /** Shows the report as another feature's recorded change left it (if it is still the open one). */
  show(report: Report): void;
  close(): void;
};
export type ReportStore = StoreApi<ReportState>;
export type ReportClaimAction = 'claim' | 'release';

export function createReportStore(api: ApiClient): ReportStore {
  return createStore<ReportState>()((set, get) => {
    async function fetchReport(id: string): Promise<void> {
      const r = await api.invoke('report.get', { id });
      // The officer may have moved on to another report while this one was loading.
      if (get().openId !== id) return;
      if (r.ok) set({ report: r.value, loading: false, error: null });
      else set({ loading: false, error: r.error });
    }
    return {
      openId: null,
      report: null,
      loading: false,
      error: null,
      actionError: null,
      async act(action) {
        const id = get().openId;
        if (!id) return;
        const r = await api.invoke(action === 'claim' ? 'report.claim' : 'report.release', { id });
        if (get().openId !== id) return;
        if (r.ok) set({ report: r.value, actionError: null });
        else set({ actionError: r.error });
      },
      async open(id) {
        if (get().openId === id && get().report) return;
        set({ openId: id, report: null, loading: true, error: null, actionError: null });
        // The workstation keeps the claim of the open report alive while the officer works on it.
        void api.invoke('report.focus', { id });
        await fetchReport(id);
      },
      async reload() {
        const id = get().openId;
        if (id) await fetchReport(id);
      },
      show(report) {
        if (get().openId === report.id) set({ report, actionError: null });
      },
      close: () => {
        if (get().openId) void api.invoke('report.focus', { id: null });
        set({ openId: null, report: null, loading: false, error: null, actionError: null });
      },
    };
  });
}
