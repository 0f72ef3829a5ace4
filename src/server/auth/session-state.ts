import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SignedOutReason } from '@shared';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { authSessions, refreshTokens } from '../db/schema';
import { ApiRefusal } from '../http/errors';

export type SessionCloseReason = 'logout' | 'reuse' | 'admin';

/** What the officer is told when the server ends a session, by reason (the workstation shows it too). */
export const SIGNED_OUT_MESSAGES: Record<SignedOutReason, string> = {
  device_revoked: 'Appareil révoqué : ce poste n’est plus autorisé par le serveur. Contactez l’administrateur pour l’enrôler à nouveau.',
  user_disabled: 'Compte désactivé : ce compte n’est plus autorisé à se connecter. Contactez l’administrateur.',
  session_closed: 'Session fermée : reconnectez-vous.',
  session_expired: 'Session expirée : reconnectez-vous.',
};

export const signedOut = (reason: SignedOutReason): ApiRefusal => new ApiRefusal('unauthorized', SIGNED_OUT_MESSAGES[reason], { reason });

export async function openSession(db: Db, userId: string, deviceId: string): Promise<string> {
  const id = randomUUID();
  await db.insert(authSessions).values({ id, userId, deviceId });
  return id;
}

type StateRow = { session_revoked: string | Date | null; disabled: boolean | null; device_revoked: string | Date | null };

/**
 * The check every authenticated request makes: its session still open, its account enabled, its device
 * not revoked. Three primary-key lookups in one statement; throws the 401 that names the reason.
 */
export async function assertSessionActive(db: Db, sessionId: string): Promise<void> {
  const rows = await queryRows<StateRow>(
    db,
    sql`select s.revoked_at as session_revoked, u.disabled, d.revoked_at as device_revoked
        from auth_sessions s left join users u on u.id = s.user_id left join devices d on d.id = s.device_id
        where s.id = ${sessionId}`,
  );
  const reason = stateReason(rows[0]);
  if (reason) throw signedOut(reason);
}

function stateReason(row: StateRow | undefined): SignedOutReason | null {
  if (!row) return 'session_closed';
  if (row.device_revoked !== null) return 'device_revoked';
  if (row.disabled !== false) return 'user_disabled';
  if (row.session_revoked !== null) return 'session_closed';
  return null;
}

/** Which sessions to close: one, or every open one of a user, of a device, or of a user on a device. */
export type SessionFilter = { sessionId?: string; userId?: string; deviceId?: string };

/** Closes the open sessions matching the filter and their refresh tokens; returns how many were open. */
export async function closeSessions(db: Db, which: SessionFilter, reason: SessionCloseReason): Promise<number> {
  const now = new Date();
  const onSessions = [which.sessionId ? eq(authSessions.id, which.sessionId) : undefined, which.userId ? eq(authSessions.userId, which.userId) : undefined, which.deviceId ? eq(authSessions.deviceId, which.deviceId) : undefined];
  const onTokens = [which.sessionId ? eq(refreshTokens.sessionId, which.sessionId) : undefined, which.userId ? eq(refreshTokens.userId, which.userId) : undefined, which.deviceId ? eq(refreshTokens.deviceId, which.deviceId) : undefined];
  if (onSessions.every((c) => c === undefined)) throw new Error('closeSessions needs a filter');
  return db.transaction(async (tx) => {
    const closed = await tx
      .update(authSessions)
      .set({ revokedAt: now, revokedReason: reason })
      .where(and(...onSessions, isNull(authSessions.revokedAt)))
      .returning({ id: authSessions.id });
    await tx.update(refreshTokens).set({ revokedAt: now }).where(and(...onTokens, isNull(refreshTokens.revokedAt)));
    return closed.length;
  });
}

/** Whether a session was closed (logout, administrator, reuse): its refresh tokens are then refused as such. */
export async function sessionClosed(db: Db, sessionId: string): Promise<boolean> {
  const rows = await db.select({ revokedAt: authSessions.revokedAt }).from(authSessions).where(eq(authSessions.id, sessionId));
  return !rows[0] || rows[0].revokedAt !== null;
}
