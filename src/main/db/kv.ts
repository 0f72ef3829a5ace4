import { eq } from 'drizzle-orm';
import type { Orm } from './open';
import { kv } from './schema';

/** Keys of the settings table, in one place. */
export const KV_KEYS = {
  syncCursor: 'sync.cursor',
  lastSyncAt: 'sync.lastSyncAt',
  lastMutationId: 'sync.lastMutationId',
  /** The orientation directory received from the server (cleared with the synced data). */
  directory: 'sync.directory',
  /** Set when the server turned out to be behind this workstation (restored from a backup): shown to the officer. */
  serverRestored: 'sync.serverRestored',
  refresh: 'auth.refresh',
  /** Why the server ended the last session (device revoked, account disabled, session closed). */
  signedOut: 'auth.signedOut',
} as const;

export type KvStore = {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  delete(key: string): void;
};

export function createKvStore(orm: Orm): KvStore {
  return {
    get<T>(key: string): T | null {
      const row = orm.select().from(kv).where(eq(kv.key, key)).get();
      return row ? (JSON.parse(row.value) as T) : null;
    },
    set(key, value) {
      const text = JSON.stringify(value);
      orm.insert(kv).values({ key, value: text }).onConflictDoUpdate({ target: kv.key, set: { value: text } }).run();
    },
    delete(key) {
      orm.delete(kv).where(eq(kv.key, key)).run();
    },
  };
}
