import { and, eq, isNull } from 'drizzle-orm';
import { KindedError, RoleSchema, type LoginRequest, type LoginResponse, type RefreshRequest } from '@shared';
import type { Db } from '../db/database';
import { refreshTokens, users } from '../db/schema';
import { ApiRefusal } from '../http/errors';
import { auditAccount, type AccountEvent } from './audit';
import { activeDeviceKey } from './devices';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { checkDeviceProof, type NonceCache } from './proof';
import { randomToken, sha256Hex } from './secrets';
import { closeSessions, openSession, sessionClosed, signedOut } from './session-state';
import { accountKey, admitAttempt, clearFailures, DEFAULT_THROTTLE, describeWait, deviceKey, type Admitted, type ThrottlePolicy } from './throttle';
import { ACCESS_TOKEN_TTL_MS, REFRESH_TOKEN_TTL_MS, signAccessToken, type AccessClaims } from './tokens';

/**
 * `ttl` overrides the token lifetimes (tests and short-session deployments); default 15 min / 12 h.
 * `throttle` overrides the login throttle (tests); default DEFAULT_THROTTLE.
 */
export type AuthContext = {
  db: Db;
  tokenSecret: Buffer;
  nonces: NonceCache;
  ttl?: TokenTtl | undefined;
  throttle?: ThrottlePolicy | undefined;
  /** Authentication requests per client address (default DEFAULT_AUTH_IP_LIMIT in routes.ts). */
  ipLimit?: { max: number; timeWindowMs: number } | undefined;
};
export type TokenTtl = { accessMs?: number; refreshMs?: number };

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';

/**
 * Password + proof that the request comes from an enrolled workstation → a new session. The attempt is
 * counted against the account and the device before the password is checked (throttle.ts): once they
 * are waiting or locked, even the right password is refused with 429 until the wait is over.
 */
export async function login(ctx: AuthContext, req: LoginRequest): Promise<LoginResponse> {
  const publicKey = await activeDeviceKey(ctx.db, req.deviceId);
  checkDeviceProof(req, { purpose: 'login', subject: req.username, publicKey, nonces: ctx.nonces });
  const policy = ctx.throttle ?? DEFAULT_THROTTLE;
  const keys = [accountKey(req.username), deviceKey(req.deviceId)];
  const admitted = await admitAttempt(ctx.db, keys, policy);
  const user = (await ctx.db.select().from(users).where(eq(users.username, req.username)))[0];
  const right = user ? await verifyPassword(user.passwordHash, req.password) : await burnPasswordCheck(req.password).then(() => false);
  if (!user || !right) throw await failedLogin(ctx.db, req, admitted, policy);
  await clearFailures(ctx.db, keys);
  // Said only to whoever knows the password: the account exists but may no longer be used.
  if (user.disabled) throw signedOut('user_disabled');
  return issueSession(ctx, user, req.deviceId);
}

/** Audits a wrong password (and the lock it caused) and says what the next attempt will meet. */
async function failedLogin(db: Db, req: LoginRequest, admitted: Admitted, p: ThrottlePolicy): Promise<KindedError> {
  const failures = Object.fromEntries(admitted.map((a) => [a.key.split(':')[0] ?? a.key, a.failures]));
  const events: AccountEvent[] = [{ actor: req.username, device: req.deviceId, action: 'auth.login_failed', payload: { username: req.username, deviceId: req.deviceId, failures } }];
  const locks = admitted.filter((a) => a.failures >= p.lockAfter && a.lockedUntil);
  for (const l of locks) events.push({ actor: req.username, device: req.deviceId, action: 'auth.locked', payload: { key: l.key, failures: l.failures, until: l.lockedUntil?.toISOString() } });
  await auditAccount(db, events);
  if (locks.length > 0) {
    return new ApiRefusal('unauthorized', `${BAD_CREDENTIALS} Trop d’échecs consécutifs : connexion verrouillée pendant ${describeWait(Math.ceil(p.lockMs / 1000))}.`, {});
  }
  const worst = Math.max(...admitted.map((a) => a.failures));
  if (worst < p.freeFailures) return new KindedError('unauthorized', BAD_CREDENTIALS);
  const waitMs = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (worst - p.freeFailures));
  return new KindedError('unauthorized', `${BAD_CREDENTIALS} Prochain essai possible dans ${describeWait(Math.ceil(waitMs / 1000))}.`);
}

/**
 * Rotates a refresh token: the presented one is revoked and a new pair issued in the same session.
 * Presenting a token that was already rotated means it leaked: every session of that user on that
 * device is closed.
 */
export async function refresh(ctx: AuthContext, req: RefreshRequest): Promise<LoginResponse> {
  const publicKey = await activeDeviceKey(ctx.db, req.deviceId);
  checkDeviceProof(req, { purpose: 'refresh', subject: req.refreshToken, publicKey, nonces: ctx.nonces });
  const tokenHash = sha256Hex(req.refreshToken);
  const stored = (await ctx.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)))[0];
  if (!stored || stored.deviceId !== req.deviceId) throw new KindedError('unauthorized', 'Session inconnue : reconnectez-vous.');
  const user = (await ctx.db.select().from(users).where(eq(users.id, stored.userId)))[0];
  if (!user || user.disabled) throw signedOut('user_disabled');
  // A token of a closed session is refused as such: that is not a reuse of a rotated token.
  if (stored.sessionId && (await sessionClosed(ctx.db, stored.sessionId))) throw signedOut('session_closed');
  if (stored.revokedAt) {
    await reuseDetected(ctx.db, stored, user.username);
    throw new ApiRefusal('unauthorized', 'Session déjà renouvelée : reconnectez-vous.', { reason: 'session_closed' });
  }
  if (stored.expiresAt.getTime() <= Date.now()) throw signedOut('session_expired');
  const revoked = await ctx.db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt)))
    .returning({ tokenHash: refreshTokens.tokenHash });
  if (revoked.length === 0) throw new ApiRefusal('unauthorized', 'Session déjà renouvelée : reconnectez-vous.', { reason: 'session_closed' });
  return issueSession(ctx, user, req.deviceId, stored.sessionId);
}

async function reuseDetected(db: Db, stored: typeof refreshTokens.$inferSelect, username: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, stored.userId), eq(refreshTokens.deviceId, stored.deviceId), isNull(refreshTokens.revokedAt)));
  const closed = await closeSessions(db, { userId: stored.userId, deviceId: stored.deviceId }, 'reuse');
  await auditAccount(db, [{ actor: username, device: stored.deviceId, action: 'auth.refresh_reused', payload: { userId: stored.userId, sessionsClosed: closed } }]);
}

/** Ends the caller's session: its refresh tokens at once, its access token at its next request. */
export async function logout(ctx: AuthContext, who: AccessClaims): Promise<void> {
  await closeSessions(ctx.db, { sessionId: who.sessionId }, 'logout');
  await auditAccount(ctx.db, [{ actor: who.username, device: who.deviceId, action: 'auth.logout', payload: { userId: who.userId, sessionId: who.sessionId } }]);
}

type UserRow = typeof users.$inferSelect;

async function issueSession(ctx: AuthContext, user: UserRow, deviceId: string, existing?: string | null): Promise<LoginResponse> {
  const role = RoleSchema.parse(user.role);
  const now = Date.now();
  const accessExp = now + (ctx.ttl?.accessMs ?? ACCESS_TOKEN_TTL_MS);
  const refreshExp = new Date(now + (ctx.ttl?.refreshMs ?? REFRESH_TOKEN_TTL_MS));
  // Tokens issued before sessions existed get one at their first rotation.
  const sessionId = existing ?? (await openSession(ctx.db, user.id, deviceId));
  const refreshToken = randomToken(32);
  await ctx.db.insert(refreshTokens).values({ tokenHash: sha256Hex(refreshToken), userId: user.id, deviceId, expiresAt: refreshExp, sessionId });
  return {
    accessToken: signAccessToken(ctx.tokenSecret, { userId: user.id, username: user.username, role, deviceId, sessionId, exp: accessExp }),
    accessExpiresAt: new Date(accessExp).toISOString(),
    refreshToken,
    refreshExpiresAt: refreshExp.toISOString(),
    user: { id: user.id, username: user.username, displayName: user.displayName, role },
  };
}
