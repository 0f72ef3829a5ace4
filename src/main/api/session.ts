import { existsSync } from 'node:fs';
import path from 'node:path';
import { KindedError } from '@shared/result';
import { DB_FILE, openLocalDb, type LocalDb } from '../db';
import { createServerClient, type ServerClient } from '../server-client';
import type { Vault } from '../vault';

/**
 * What exists only while the vault is unlocked: the open store and the pinned server client built
 * from the identity inside it. Locking closes both.
 */
export type UnlockedState = {
  db(): LocalDb | null;
  requireDb(): LocalDb;
  client(): ServerClient | null;
  requireClient(): ServerClient;
  /** Opens the store with the key (the caller zeroes its copy). */
  open(key: Buffer): void;
  /** Drops the cached client (after enrolment changed the identity). */
  resetClient(): Promise<void>;
  close(): Promise<void>;
  dbExists(): boolean;
};

export function createUnlockedState(dataDir: string, vault: Vault): UnlockedState {
  const file = path.join(dataDir, DB_FILE);
  let db: LocalDb | null = null;
  let client: ServerClient | null = null;

  const requireDb = (): LocalDb => {
    if (!db || !vault.isUnlocked()) throw new KindedError('locked', 'Le coffre est verrouillé : saisissez votre phrase secrète.');
    return db;
  };
  const currentClient = (): ServerClient | null => {
    if (client) return client;
    const identity = db?.device.get();
    if (!identity) return null;
    client = createServerClient({ serverUrl: identity.serverUrl, certPem: identity.certPem, fingerprint: identity.fingerprint });
    return client;
  };
  const resetClient = async (): Promise<void> => {
    const old = client;
    client = null;
    await old?.close();
  };

  return {
    db: () => (vault.isUnlocked() ? db : null),
    requireDb,
    client: () => (db ? currentClient() : null),
    requireClient: () => {
      requireDb();
      const c = currentClient();
      if (!c) throw new KindedError('unauthorized', 'Ce poste n’est pas enrôlé : enrôlez-le auprès du serveur d’abord.');
      return c;
    },
    open: (key) => {
      if (db) db.close();
      db = openLocalDb({ file, key });
    },
    resetClient,
    close: async () => {
      await resetClient();
      db?.close();
      db = null;
    },
    dbExists: () => existsSync(file),
  };
}
