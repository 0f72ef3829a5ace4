import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SessionUser } from '@shared/http/api';
import type { Mutation } from '@shared/sync/mutations';
import { openLocalDb, type LocalDb } from '../../src/main/db';
import { enrolDevice } from '../../src/main/enrolment';
import { createAuth, type Auth } from '../../src/main/auth';
import { createServerClient, type ServerClient } from '../../src/main/server-client';
import { createSyncEngine, recordMutation, type SyncEngine } from '../../src/main/sync';

/**
 * A workstation made of its real services (encrypted store, pinned client, auth, sync engine) without
 * the vault and the API layer: what the sync tests and the fault suite drive.
 */
export type Station = {
  name: string;
  db: LocalDb;
  auth: Auth;
  sync: SyncEngine;
  user: SessionUser;
  clientId: string;
  /** Records a mutation as the officer would (optimistic effect + outbox entry); null when refused locally. */
  record(m: Mutation): number | null;
  /** Points the client at another address (a proxy) with the same pinned certificate. */
  retarget(url: string): Promise<void>;
  close(): Promise<void>;
};

export async function openStation(opts: {
  dir: string;
  name: string;
  serverUrl: string;
  fingerprint: string;
  /** One-time enrolment code; absent when the store is already enrolled (a restarted workstation). */
  code?: string;
  /** The store's data key (default: a new random one). */
  key?: Buffer;
  username: string;
  password: string;
  clientTimeoutMs?: number;
}): Promise<Station> {
  const db = openLocalDb({ file: path.join(opts.dir, `${opts.name}.db`), key: opts.key ?? randomBytes(32) });
  if (opts.code) await enrolDevice(db, { serverUrl: opts.serverUrl, fingerprint: opts.fingerprint, code: opts.code, deviceName: opts.name });
  const identity = db.device.get();
  if (!identity) throw new Error('not enrolled');
  let url = opts.code ? identity.serverUrl : opts.serverUrl;
  const make = (): ServerClient => createServerClient({ serverUrl: url, certPem: identity.certPem, fingerprint: identity.fingerprint, timeoutMs: opts.clientTimeoutMs });
  let client = make();
  const auth = createAuth({ db: () => db, client: () => client, onSession: () => undefined });
  const session = await auth.login(opts.username, opts.password);
  if (!session) throw new Error('login failed');
  const user = session.user;
  const sync = createSyncEngine({
    db: () => db,
    client: () => client,
    loggedIn: () => true,
    token: auth.accessToken,
    user: async () => user,
    onStatus: () => undefined,
    onUnauthorized: () => undefined,
    intervalMs: 3_600_000,
  });
  const actor = { clientId: identity.deviceId, userId: user.id, username: user.username, role: user.role };
  return {
    name: opts.name,
    db,
    auth,
    sync,
    user,
    clientId: identity.deviceId,
    record: (m) => {
      try {
        return recordMutation(db, actor, m).mutationId;
      } catch {
        return null;
      }
    },
    retarget: async (next) => {
      url = next;
      const old = client;
      client = make();
      await old.close();
    },
    close: async () => {
      await sync.stop();
      await client.close();
      db.close();
    },
  };
}
