import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { syncRefusals } from '../db/schema';
import { appendServerAudit } from '../audit/log';

/** Who sent a refused request, as far as it is known (a body refused before it was read has no clientId). */
export type RefusedBy = { userId: string; deviceId: string; username: string };

/**
 * Keeps a record of a push refused as a whole — in sync_refusals (what operators query) and as an entry
 * of the server's audit chain (what `pharos-server audit verify` proves untouched) — in one transaction.
 */
export async function recordRefusal(db: Db, who: RefusedBy, clientId: string | null, status: number, reason: string): Promise<void> {
  const at = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(syncRefusals).values({ id: randomUUID(), at, userId: who.userId, deviceId: who.deviceId, clientId, status, reason });
    await appendServerAudit(tx, [{ actor: who.username, device: who.deviceId, at, action: 'push.refused', payload: { status, reason, clientId, userId: who.userId } }]);
  });
}
