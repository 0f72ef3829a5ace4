import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, InputOf, WorkstationSettings } from '@shared';

export type EnrolmentInput = InputOf<'enrolment.enrol'>;

export type EnrolmentState = {
  /** null until loaded (settings are read once the vault is unlocked). */
  settings: WorkstationSettings | null;
  busy: boolean;
  error: AppError | null;
  load(): Promise<void>;
  enrol(input: EnrolmentInput): Promise<boolean>;
  reset(): void;
};
export type EnrolmentStore = StoreApi<EnrolmentState>;

export function createEnrolmentStore(api: ApiClient): EnrolmentStore {
  return createStore<EnrolmentState>()((set, get) => ({
    settings: null,
    busy: false,
    error: null,
    async load() {
      const r = await api.invoke('settings.get', {});
      if (r.ok) set({ settings: r.value, error: null });
      else set({ error: r.error });
    },
    async enrol(input) {
      if (get().busy) return false;
      set({ busy: true, error: null });
      const r = await api.invoke('enrolment.enrol', input);
      if (r.ok) set({ busy: false, settings: r.value });
      else set({ busy: false, error: r.error });
      return r.ok;
    },
    reset: () => set({ settings: null, busy: false, error: null }),
  }));
}
