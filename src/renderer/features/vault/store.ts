import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, Result, VaultStatus } from '@shared';

export type VaultState = {
  /** null until the first answer of the workstation. */
  status: VaultStatus | null;
  busy: boolean;
  error: AppError | null;
  load(): Promise<void>;
  create(passphrase: string): Promise<boolean>;
  unlock(passphrase: string): Promise<boolean>;
  lock(): Promise<void>;
  clearError(): void;
};
export type VaultStore = StoreApi<VaultState>;

export const MIN_PASSPHRASE = 10;

export function createVaultStore(api: ApiClient): VaultStore {
  const store = createStore<VaultState>()((set, get) => {
    // Creating and unlocking derive a key (Argon2id): seconds, so the form shows it is working.
    async function run(call: () => Promise<Result<VaultStatus>>): Promise<boolean> {
      if (get().busy) return false;
      set({ busy: true, error: null });
      const r = await call();
      if (r.ok) set({ busy: false, status: r.value });
      else set({ busy: false, error: r.error });
      return r.ok;
    }
    return {
      status: null,
      busy: false,
      error: null,
      async load() {
        const r = await api.invoke('vault.status', {});
        if (r.ok) set({ status: r.value, error: null });
        else set({ error: r.error });
      },
      create: (passphrase) => run(() => api.invoke('vault.create', { passphrase })),
      unlock: (passphrase) => run(() => api.invoke('vault.unlock', { passphrase })),
      async lock() {
        const r = await api.invoke('vault.lock', {});
        if (r.ok) set({ status: r.value, error: null });
        else set({ error: r.error });
      },
      clearError: () => set({ error: null }),
    };
  });
  // Auto-lock on idle happens on the privileged side: the event brings the UI back to the unlock screen.
  api.on('vault.status', (status) => store.setState({ status }));
  return store;
}
