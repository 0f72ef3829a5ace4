import { createRouter, type Handlers, type Router } from '@shared/api/router';
import type { EventMap, EventName, MethodName, VaultStatus, WorkstationSettings } from '@shared/api/contract';
import { KindedError } from '@shared/result';
import { createVault, type KdfParams, type KeyProtector } from '../vault';
import { createAuth } from '../auth';
import { createArbitration, createLeaseKeeper, createSyncEngine, localDirectory } from '../sync';
import { enrolDevice, settingsOf } from '../enrolment';
import { createUnlockedState } from './session';
import { actorOf, changeHandlers, createRecorder } from './changes';
import { createCaptures, defaultExportDir, type CaptureSettings } from './captures';
import { conservationHandlers } from './conservation';
import { evidenceSourceOf } from './evidence-source';
import { catalogHandlers } from './catalog';

export type WorkstationOptions = {
  dataDir: string;
  keyProtector?: KeyProtector;
  demo?: WorkstationSettings['demo'];
  /** Idle minutes before auto-lock (default 15; 0 disables). */
  autoLockMinutes?: number;
  /** Background sync period (default 30 s). */
  syncIntervalMs?: number;
  /** Argon2id cost; tests lower it, the product keeps the default. */
  kdf?: KdfParams;
  /** Browser, engine options, export folder of captures (default: Debian's Chromium). */
  capture?: CaptureSettings;
};

export type EventListener = <E extends EventName>(name: E, payload: EventMap[E]) => void;

export type Workstation = {
  router: Router;
  onEvent(listener: (name: EventName, payload: EventMap[EventName]) => void): () => void;
  close(): Promise<void>;
};

/** An officer who used the app within this time is working: the claim of the open report is kept. */
const ACTIVE_MS = 10 * 60_000;

/** Reads that must not count as officer activity (the UI polls them), so they never defer auto-lock. */
const PASSIVE: ReadonlySet<MethodName> = new Set(['vault.status', 'sync.status', 'auth.session', 'auth.signedOut', 'settings.get', 'capture.list']);

/** The workstation's services bound to the API contract, whatever the transport. */
export async function createWorkstation(opts: WorkstationOptions): Promise<Workstation> {
  const listeners = new Set<(name: EventName, payload: EventMap[EventName]) => void>();
  const emit = <E extends EventName>(name: E, payload: EventMap[E]): void => {
    for (const l of listeners) l(name, payload);
  };
  const vault = createVault({ dataDir: opts.dataDir, protector: opts.keyProtector, autoLockMinutes: opts.autoLockMinutes, kdf: opts.kdf });
  const state = createUnlockedState(opts.dataDir, vault);
  const auth = createAuth({ db: state.requireDb, client: state.requireClient, onSession: (s) => emit('auth.session', s) });
  let lastActivity = Date.now();
  const leases = createLeaseKeeper({
    db: state.db,
    actor: async () => {
      const db = state.db();
      const session = db && auth.isLoggedIn() ? await auth.session() : null;
      return db && session ? actorOf(db, session) : null;
    },
    active: () => Date.now() - lastActivity < ACTIVE_MS,
    onRenewed: () => sync.kick(),
  });
  const arbitration = createArbitration({ client: state.client, token: auth.accessToken, renewToken: auth.renew });
  const sync = createSyncEngine({
    db: state.db,
    client: state.client,
    loggedIn: auth.isLoggedIn,
    token: auth.accessToken,
    renewToken: auth.renew,
    user: async () => (auth.isLoggedIn() ? ((await auth.session())?.user ?? null) : null),
    onStatus: (s) => {
      emit('sync.status', s);
      // The server's view of the open report (its lease) may have changed.
      if (!s.syncing) leases.refresh();
    },
    onUnauthorized: auth.forget,
    intervalMs: opts.syncIntervalMs,
  });

  const captures = createCaptures({
    dataDir: opts.dataDir,
    settings: opts.capture ?? {},
    requireDb: state.requireDb,
    db: state.db,
    client: state.client,
    session: () => auth.session(),
    loggedIn: auth.isLoggedIn,
    token: auth.accessToken,
    sync,
    emit: (view) => emit('capture.progress', view),
  });

  const vaultStatus = async (): Promise<VaultStatus> => {
    const s = await vault.status();
    emit('vault.status', s);
    return s;
  };
  // Whatever locks the vault (the officer, or idle time), everything the key opened is closed.
  vault.onLock(() => {
    leases.stop();
    auth.forget();
    void Promise.all([sync.stop(), captures.uploader.stop()]).then(() => state.close()).then(vaultStatus);
  });

  const afterUnlock = async (key: Buffer): Promise<VaultStatus> => {
    try {
      state.open(key);
    } catch (e) {
      vault.lock('user');
      throw e;
    } finally {
      key.fill(0);
    }
    const db = state.db();
    if (db) captures.opened(db);
    sync.start();
    captures.uploader.start();
    // Resume the session from the stored refresh token in the background (works offline too).
    void auth.session().then((s) => emit('auth.session', s));
    return vaultStatus();
  };

  const handlers: Handlers = {
    'vault.status': () => vault.status(),
    'vault.create': async ({ passphrase }) => {
      if (state.dbExists()) {
        throw new KindedError('conflict', 'Une base locale existe déjà dans ce dossier sans son coffre : restaurez le fichier du coffre ou choisissez un autre dossier de données.');
      }
      return afterUnlock(await vault.create(passphrase));
    },
    'vault.unlock': async ({ passphrase }) => afterUnlock(await vault.unlock(passphrase)),
    'vault.lock': async () => {
      vault.lock('user');
      await Promise.all([sync.stop(), captures.uploader.stop()]);
      await state.close();
      return vault.status();
    },
    'settings.get': async () => settingsOf(state.db(), opts.demo ?? null),
    'enrolment.enrol': async (input) => {
      const db = state.requireDb();
      await enrolDevice(db, input);
      auth.forget();
      await state.resetClient();
      return settingsOf(db, opts.demo ?? null);
    },
    'auth.session': async () => (state.db() ? auth.session() : null),
    'auth.login': async ({ username, password }) => {
      const session = await auth.login(username, password);
      // First sync right after login; its outcome shows in sync.status events.
      void sync.now().catch(() => undefined);
      return session;
    },
    'auth.logout': async () => auth.logout(),
    'auth.signedOut': async () => auth.signedOut(),
    'sync.status': async () => sync.status(),
    'sync.now': async () => sync.now(),
    'sync.dismissRestored': async () => sync.dismissRestored(),
    'queue.page': async (query) => state.requireDb().queuePage(query),
    'report.get': async ({ id }) => {
      const report = state.requireDb().getReport(id);
      if (!report) throw new KindedError('not_found', 'Signalement introuvable sur ce poste (pas encore synchronisé ?).');
      return report;
    },
    'directory.get': async () => localDirectory(state.requireDb()),
    'competing.list': async () => arbitration.list(),
    'competing.resolve': async ({ id, resolution, comment }) => {
      const resolved = await arbitration.resolve(id, { resolution, comment });
      // The arbitration is a report event under a new version: the sync brings it.
      sync.kick();
      return resolved;
    },
    'report.focus': async ({ id }) => {
      leases.focus(id);
      return null;
    },
    ...changeHandlers({
      requireDb: state.requireDb,
      session: () => auth.session(),
      sync: {
        kick: () => {
          sync.kick();
          leases.refresh();
        },
      },
    }),
    ...captures.handlers,
    ...conservationHandlers({
      requireDb: state.requireDb,
      session: () => auth.session(),
      recorder: createRecorder({ requireDb: state.requireDb, session: () => auth.session(), sync }),
      exportsDir: opts.capture?.exportDir ?? defaultExportDir(),
      service: (id) => localDirectory(state.requireDb()).services.find((x) => x.id === id) ?? null,
      evidence: evidenceSourceOf(captures.service, state.requireDb),
    }),
    ...catalogHandlers({ requireDb: state.requireDb, session: () => auth.session() }),
  };

  const route = createRouter(handlers);
  const router: Router = (method, input, ctx) => {
    if (typeof method === 'string' && !PASSIVE.has(method as MethodName)) {
      vault.touch();
      lastActivity = Date.now();
    }
    return route(method, input, ctx);
  };

  return {
    router,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      await captures.service.stop();
      await captures.uploader.stop();
      leases.stop();
      await sync.stop();
      vault.lock('user');
      await state.close();
      listeners.clear();
    },
  };
}
