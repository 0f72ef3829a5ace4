import type { SyncStatus } from '@shared/api/contract';
import { KindedError, toAppError } from '@shared/result';
import { KV_KEYS, type LocalDb } from '../db';
import type { ServerClient } from '../server-client';
import { pullAll } from './pull';

export type SyncDeps = {
  /** The open store, or null while locked. */
  db(): LocalDb | null;
  /** The pinned client, or null when not enrolled. */
  client(): ServerClient | null;
  /** False when nobody is logged in: background sync then waits quietly. */
  loggedIn(): boolean;
  /** A valid access token (refreshed when needed); rejects when the officer must log in again. */
  token(): Promise<string>;
  onStatus(status: SyncStatus): void;
  /** Called when the server rejects the session, so that the officer is asked to log in again. */
  onUnauthorized(): void;
  intervalMs?: number;
  pageSize?: number;
};

export type SyncEngine = {
  status(): SyncStatus;
  /** Runs a sync now (joins the one in progress); resolves with the status after it. */
  now(): Promise<SyncStatus>;
  /** Starts background sync (every intervalMs, with backoff while the server is unreachable). */
  start(): void;
  stop(): Promise<void>;
};

const MAX_BACKOFF_MS = 5 * 60_000;

export function createSyncEngine(deps: SyncDeps): SyncEngine {
  const interval = deps.intervalMs ?? 30_000;
  let status: SyncStatus = { online: false, syncing: false, lastSyncAt: null, lastError: null, progress: null, pending: 0, reportCount: 0 };
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let active = false;

  const publish = (patch: Partial<SyncStatus>): void => {
    status = { ...status, ...patch };
    deps.onStatus(status);
  };

  const refreshCounts = (): void => {
    const db = deps.db();
    if (!db) return;
    status = { ...status, reportCount: db.countReports(), lastSyncAt: db.kv.get<string>(KV_KEYS.lastSyncAt) };
  };

  const runOnce = async (): Promise<void> => {
    const db = deps.db();
    if (!db) throw new KindedError('locked', 'Le coffre est verrouillé : déverrouillez-le pour synchroniser.');
    const client = deps.client();
    if (!client) throw new KindedError('unauthorized', 'Ce poste n’est pas enrôlé : enrôlez-le pour synchroniser.');
    if (!deps.loggedIn()) throw new KindedError('unauthorized', 'Connectez-vous pour synchroniser.');
    publish({ syncing: true, progress: { done: 0, total: 0 }, lastError: null });
    try {
      await pullAll({ db, client, token: deps.token, pageSize: deps.pageSize, onProgress: (progress) => publish({ progress, online: true }) });
      failures = 0;
      refreshCounts();
      publish({ syncing: false, online: true, progress: null, lastError: null });
    } catch (e) {
      const error = toAppError(e);
      failures += 1;
      if (error.kind === 'unauthorized') deps.onUnauthorized();
      if (deps.db()) refreshCounts();
      publish({ syncing: false, progress: null, lastError: error.message, online: error.kind !== 'network' && error.kind !== 'tls' });
      throw e;
    }
  };

  const now = (): Promise<void> => {
    running ??= runOnce().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = (): void => {
    if (!active) return;
    const delay = failures === 0 ? interval : Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(failures, 10));
    timer = setTimeout(() => {
      timer = null;
      // Background sync only when someone is logged in; otherwise wait for the next tick quietly.
      const canRun = deps.db() !== null && deps.client() !== null && deps.loggedIn();
      const work = canRun ? now() : Promise.resolve();
      work.catch(() => undefined).finally(schedule);
    }, delay);
    timer.unref();
  };

  return {
    status: () => {
      refreshCounts();
      return status;
    },
    now: async () => {
      await now();
      return status;
    },
    start: () => {
      if (active) return;
      active = true;
      refreshCounts();
      schedule();
    },
    stop: async () => {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
