import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Accounts: sessions that every authenticated request checks, and the login throttle (issue 9). */
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/**
 * One login = one session: the family of refresh tokens rotated from it and every access token issued
 * for it carry its id. Logout, a reused refresh token or an administrator close it; each authenticated
 * request reads it (with its user and device) by primary key, so a closed session, a disabled account or
 * a revoked device stops the next request, access tokens still within their lifetime included.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    /** Why it was closed: `logout`, `reuse` (a rotated refresh token came back), `admin`. */
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId), index('auth_sessions_device_idx').on(t.deviceId)],
);

/**
 * Consecutive login failures per key (`user:<username>` and `device:<deviceId>`), in the database so a
 * restart does not reset them. Each attempt is counted before the password is checked (atomically, so
 * parallel guesses cannot slip past the gate) and a success resets the count.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastAttemptAt: ts('last_attempt_at'),
  lockedUntil: ts('locked_until'),
});
