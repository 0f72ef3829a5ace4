import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, Session, SignedOutReason } from '@shared';

export type SessionState = {
  /** undefined: not asked yet; null: nobody logged in. */
  session: Session | undefined;
  busy: boolean;
  error: AppError | null;
  /** The session ended without a logout (refresh token expired or revoked): the officer must log in again. */
  expired: boolean;
  /** Why the server ended it, when it said so (device revoked, account disabled, session closed). */
  endedReason: SignedOutReason | null;
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
    expired: false,
    endedReason: null,
    async load() {
      const r = await api.invoke('auth.session', {});
      if (r.ok) set({ session: r.value, error: null });
      else set({ error: r.error });
      // Started again after the server ended the session: the login screen still says why.
      if (r.ok && !r.value) await askWhy();
    },
    async login(username, password) {
      if (get().busy) return false;
      set({ busy: true, error: null });
      const r = await api.invoke('auth.login', { username: username.trim(), password });
      if (r.ok) set({ busy: false, session: r.value, expired: false, endedReason: null });
      else set({ busy: false, error: r.error });
      return r.ok;
    },
    async logout() {
      loggingOut = true;
      const r = await api.invoke('auth.logout', {}).finally(() => {
        loggingOut = false;
      });
      if (r.ok) set({ session: r.value, error: null });
      else set({ error: r.error });
    },
    reset: () => set({ session: undefined, busy: false, error: null, expired: false, endedReason: null }),
  }));
  let loggingOut = false;
  // Expiry or a logout elsewhere (another window) comes as an event; a session that ends while the
  // officer did not log out was refused by the server: the login screen says so.
  api.on('auth.session', (session) => {
    const ended = !session && !!store.getState().session && !loggingOut;
    store.setState(ended ? { session, expired: true } : { session });
    if (ended) void askWhy();
  });
  // The privileged side recorded why the server refused the session: the login screen says it.
  const askWhy = async (): Promise<void> => {
    const r = await api.invoke('auth.signedOut', {});
    if (r.ok && r.value && !store.getState().session) store.setState({ expired: true, endedReason: r.value.reason });
  };
  return store;
}
