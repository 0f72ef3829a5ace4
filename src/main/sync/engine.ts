import type { SyncStatus } from '@shared/api/contract';
import type { SessionUser } from '@shared/http/api';
import { KindedError, toAppError } from '@shared/result';
import { KV_KEYS, type LocalDb } from '../db';
import type { ServerClient } from '../server-client';
import { pullAll } from './pull';
import { pushAll } from './push';
import { auditWaiting } from '../audit';
import { pullDirectory } from './directory';
import type { ServerRestoredNotice } from './local';
import { pullCatalog } from './catalog';

export type SyncDeps = {
  /** The open store, or null while locked. */
  db(): LocalDb | null;
  /** The pinned client, or null when not enrolled. */
  client(): ServerClient | null;
  /** False when nobody is logged in: background sync then waits quietly. */
  loggedIn(): boolean;
  /** A valid access token (refreshed when needed); rejects when the officer must log in again. */
  token(): Promise<string>;
  /** A new access token after the server refused one (401); rejects when the officer must log in again. */
  renewToken?(): Promise<string>;
  /** The logged-in officer (online or offline session): only their own waiting changes are pushed. */
  user?(): Promise<SessionUser | null>;
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
  /** A local change was recorded: push it soon (unless the server is known unreachable: backoff rules). */
  kick(): void;
  /** The officer has read the notice that the server was restored from a backup. */
  dismissRestored(): SyncStatus;
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
    const restored = db.kv.get<ServerRestoredNotice>(KV_KEYS.serverRestored);
    status = {
      ...status,
      reportCount: db.countReports(),
      lastSyncAt: db.kv.get<string>(KV_KEYS.lastSyncAt),
      pending: db.outbox.count(),
      serverRestored: restored ? { at: restored.at, resent: restored.resent } : null,
    };
  };

  /**
   * A step refused with 401 (token expired by the server's clock, signing key changed) gets a new token
   * and runs once more; both steps are safe to repeat (the server skips what it already applied, a pull
   * resumes from its last committed page). If the session itself is refused, the error goes up: the
   * officer is asked to log in, and the outbox waits untouched.
   */
  const authorised = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (e) {
      if (!(e instanceof KindedError && e.kind === 'unauthorized') || !deps.renewToken) throw e;
      await deps.renewToken();
      return step();
    }
  };

  const runOnce = async (): Promise<void> => {
    const db = deps.db();
    if (!db) throw new KindedError('locked', 'Le coffre est verrouillé : déverrouillez-le pour synchroniser.');
    const client = deps.client();
    if (!client) throw new KindedError('unauthorized', 'Ce poste n’est pas enrôlé : enrôlez-le pour synchroniser.');
    if (!deps.loggedIn()) throw new KindedError('unauthorized', 'Connectez-vous pour synchroniser.');
    publish({ syncing: true, progress: { done: 0, total: 0 }, lastError: null });
    try {
      // Push first, then pull: the pull confirms what the server processed and brings its state back.
      const user = deps.user ? await deps.user() : null;
      const clientId = db.device.get()?.deviceId;
      const push = async (): Promise<void> => {
        if (user && clientId && (db.outbox.count(clientId) > 0 || auditWaiting(db, clientId))) await authorised(() => pushAll({ db, client, token: deps.token, clientId, userId: user.id }));
      };
      let restored = false;
      const pull = (): Promise<number> =>
        authorised(() =>
          pullAll({ db, client, token: deps.token, pageSize: deps.pageSize, onProgress: (progress) => publish({ progress, online: true }), onServerRestored: () => (restored = true) }),
        );
      // A gap refused by the server (409) may mean it lost changes it had confirmed (restored from a
      // backup): the pull finds out and puts them back, then they are pushed again.
      const pushed = await push().then(
        () => true,
        (e: unknown) => {
          if (e instanceof KindedError && e.kind === 'conflict') return false;
          throw e;
        },
      );
      await pull();
      if (restored || !pushed) {
        await push();
        await pull();
      }
      await pullDirectory({ db, client, token: deps.token });
      // The legal catalog, on its own cursor: a few pages the first time, usually nothing afterwards.
      await pullCatalog({ db, client, token: deps.token });
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

  // A call while a sync runs queues ONE more pass after it, shared by every caller meanwhile: a change
  // recorded during a sync is pushed without waiting for the next period, and "sync now" returns fresh.
  let queued: Promise<void> | null = null;
  const now = (): Promise<void> => {
    if (!running) {
      running = runOnce().finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return now();
      });
    return queued;
  };

  const schedule = (): void => {
    if (!active) return;
    // Exponential backoff with jitter, so that workstations cut off together do not retry in step.
    const backoff = Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(failures, 10));
    const delay = failures === 0 ? interval : backoff * (0.5 + Math.random() / 2);
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
    kick: () => {
      // The officer sees the waiting change counted at once, even offline.
      refreshCounts();
      deps.onStatus(status);
      if (!active || failures > 0 || !deps.loggedIn()) return;
      setTimeout(() => {
        now().catch(() => undefined);
      }, 0).unref();
    },
    dismissRestored: () => {
      deps.db()?.kv.delete(KV_KEYS.serverRestored);
      refreshCounts();
      deps.onStatus(status);
      return status;
    },
    stop: async () => {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
