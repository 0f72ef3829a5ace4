import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, Directory, InputOf, Report } from '@shared';

/** The workflow's changes to a report: each recorded at once on this workstation (offline too). */
export type DecisionMethod =
  | 'report.verify'
  | 'report.qualify'
  | 'report.orient'
  | 'report.screenOut'
  | 'report.propose'
  | 'report.resume'
  | 'report.comment'
  | 'report.approve'
  | 'report.return';

export type DecisionState = {
  /** The orientation directory as last synced; null until read. */
  directory: Directory | null;
  busy: boolean;
  /** Why the last change was refused on this workstation. */
  error: AppError | null;
  /** The last change recorded (for the confirmation line), null after a refusal or a reset. */
  lastSaved: DecisionMethod | null;
  loadDirectory(): Promise<void>;
  /** Records a change; resolves with the report as shown after it, or null when refused. */
  run<M extends DecisionMethod>(method: M, input: InputOf<M>): Promise<Report | null>;
  reset(): void;
};
export type DecisionStore = StoreApi<DecisionState>;

export function createDecisionStore(api: ApiClient): DecisionStore {
  return createStore<DecisionState>()((set) => ({
    directory: null,
    busy: false,
    error: null,
    lastSaved: null,
    async loadDirectory() {
      const r = await api.invoke('directory.get', {});
      if (r.ok) set({ directory: r.value });
    },
    async run(method, input) {
      set({ busy: true, error: null, lastSaved: null });
      const r = await api.invoke(method, input);
      if (!r.ok) {
        set({ busy: false, error: r.error });
        return null;
      }
      set({ busy: false, lastSaved: method });
      return r.value as Report;
    },
    reset: () => set({ busy: false, error: null, lastSaved: null }),
  }));
}
