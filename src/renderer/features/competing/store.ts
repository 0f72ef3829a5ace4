import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, CompetingDecision, CompetingResolution, ReportStatus } from '@shared';

/** The last arbitration made here: what became of the report (the rest follows by sync). */
export type ArbitrationOutcome = { reference: string; resolution: CompetingResolution; reportStatus: ReportStatus };

export type CompetingState = {
  decisions: CompetingDecision[];
  loaded: boolean;
  loading: boolean;
  /** Failure of the list (offline: arbitration needs the server). */
  error: AppError | null;
  /** The decision being arbitrated and why the last arbitration was refused. */
  busyId: string | null;
  resolveError: { id: string; error: AppError } | null;
  outcome: ArbitrationOutcome | null;
  load(): Promise<void>;
  resolve(id: string, resolution: CompetingResolution, comment: string): Promise<boolean>;
  reset(): void;
};
export type CompetingStore = StoreApi<CompetingState>;

/** Supervisors' view of competing decisions: listed from the server, arbitrated one by one. */
export function createCompetingStore(api: ApiClient): CompetingStore {
  return createStore<CompetingState>()((set, get) => ({
    decisions: [],
    loaded: false,
    loading: false,
    error: null,
    busyId: null,
    resolveError: null,
    outcome: null,
    async load() {
      set({ loading: true });
      const r = await api.invoke('competing.list', {});
      if (r.ok) set({ decisions: r.value, loaded: true, loading: false, error: null });
      else set({ loading: false, error: r.error });
    },
    async resolve(id, resolution, comment) {
      if (get().busyId) return false;
      set({ busyId: id, resolveError: null, outcome: null });
      const r = await api.invoke('competing.resolve', { id, resolution, comment });
      const reference = get().decisions.find((d) => d.id === id)?.reference ?? '';
      if (r.ok) set({ busyId: null, decisions: get().decisions.filter((d) => d.id !== id), outcome: { reference, resolution: r.value.resolution, reportStatus: r.value.reportStatus } });
      else set({ busyId: null, resolveError: { id, error: r.error } });
      return r.ok;
    },
    reset: () => set({ decisions: [], loaded: false, loading: false, error: null, busyId: null, resolveError: null, outcome: null }),
  }));
}
