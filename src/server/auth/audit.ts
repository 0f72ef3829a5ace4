import type { Db } from '../db/database';
import { appendServerAudit } from '../audit/log';

/** An account event for the server's audit chain (login failures, locks, logouts, revocations). */
export type AccountEvent = { actor: string; device: string; action: AccountAction; payload: Record<string, unknown> };
export type AccountAction =
  | 'auth.login_failed'
  | 'auth.locked'
  | 'auth.logout'
  | 'auth.refresh_reused'
  | 'admin.device_revoked'
  | 'admin.user_disabled'
  | 'admin.user_enabled'
  | 'admin.apikey_revoked';

/** Appends account events to the server's chain in their own transaction. */
export async function auditAccount(db: Db, events: readonly AccountEvent[]): Promise<void> {
  const at = new Date();
  await db.transaction((tx) => appendServerAudit(tx, events.map((e) => ({ ...e, at }))));
}
