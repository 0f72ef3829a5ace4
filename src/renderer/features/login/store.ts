import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, Session } from '@shared';

export type SessionState = {
  /** undefined: not asked yet; null: nobody logged in. */
  session: Session | undefined;
  busy: boolean;
  error: AppError | null;
  load(): Promise<void>;
  login(username: string, password: string): Promise<boolean>;
  logout(): Promise<void>;
  reset(): void;
};
export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(api: ApiClient): SessionStore {
  const store = createStore<SessionState>()((set, get) => ({
    session: undefined,
    busy: false,
    error: null,
    async load() {
      const r = await api.invoke('auth.session', {});
      if (r.ok) set({ session: r.value, error: null });
      else set({ error: r.error });
    },
    async login(username, password) {
      if (get().busy) return false;
      set({ busy: true, error: null });
      const r = await api.invoke('auth.login', { username: username.trim(), password });
      if (r.ok) set({ busy: false, session: r.value });
      else set({ busy: false, error: r.error });
      return r.ok;
    },
    async logout() {
      const r = await api.invoke('auth.logout', {});
      if (r.ok) set({ session: r.value, error: null });
      else set({ error: r.error });
    },
    reset: () => set({ session: undefined, busy: false, error: null }),
  }));
  // Expiry or a logout elsewhere (another window) comes as an event.
  api.on('auth.session', (session) => store.setState({ session }));
  return store;
}
