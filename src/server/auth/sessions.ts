import { and, eq, isNull } from 'drizzle-orm';
import { KindedError, RoleSchema, type LoginRequest, type LoginResponse, type RefreshRequest } from '@shared';
import type { Db } from '../db/database';
import { refreshTokens, users } from '../db/schema';
import { activeDeviceKey } from './devices';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { checkDeviceProof, type NonceCache } from './proof';
import { randomToken, sha256Hex } from './secrets';
import { ACCESS_TOKEN_TTL_MS, REFRESH_TOKEN_TTL_MS, signAccessToken } from './tokens';

/** `ttl` overrides the token lifetimes (tests and short-session deployments); default 15 min / 12 h. */
export type AuthContext = { db: Db; tokenSecret: Buffer; nonces: NonceCache; ttl?: TokenTtl };
export type TokenTtl = { accessMs?: number; refreshMs?: number };

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';

/** Password + proof that the request comes from an enrolled workstation → a new session. */
export async function login(ctx: AuthContext, req: LoginRequest): Promise<LoginResponse> {
  const publicKey = await activeDeviceKey(ctx.db, req.deviceId);
  checkDeviceProof(req, { purpose: 'login', subject: req.username, publicKey, nonces: ctx.nonces });
  const user = (await ctx.db.select().from(users).where(eq(users.username, req.username)))[0];
  if (!user || user.disabled) {
    await burnPasswordCheck(req.password);
    throw new KindedError('unauthorized', BAD_CREDENTIALS);
  }
  if (!(await verifyPassword(user.passwordHash, req.password))) throw new KindedError('unauthorized', BAD_CREDENTIALS);
  return issueSession(ctx, user, req.deviceId);
}

/**
 * Rotates a refresh token: the presented one is revoked and a new pair issued. Presenting a token
 * that was already rotated means it leaked: every session of that user on that device is revoked.
 */
export async function refresh(ctx: AuthContext, req: RefreshRequest): Promise<LoginResponse> {
  const publicKey = await activeDeviceKey(ctx.db, req.deviceId);
  checkDeviceProof(req, { purpose: 'refresh', subject: req.refreshToken, publicKey, nonces: ctx.nonces });
  const tokenHash = sha256Hex(req.refreshToken);
  const stored = (await ctx.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)))[0];
  if (!stored || stored.deviceId !== req.deviceId) throw new KindedError('unauthorized', 'Session inconnue : reconnectez-vous.');
  if (stored.revokedAt) {
    await ctx.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, stored.userId), eq(refreshTokens.deviceId, stored.deviceId), isNull(refreshTokens.revokedAt)));
    throw new KindedError('unauthorized', 'Session déjà renouvelée : reconnectez-vous.');
  }
  if (stored.expiresAt.getTime() <= Date.now()) throw new KindedError('unauthorized', 'Session expirée : reconnectez-vous.');
  const revoked = await ctx.db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt)))
    .returning({ tokenHash: refreshTokens.tokenHash });
  if (revoked.length === 0) throw new KindedError('unauthorized', 'Session déjà renouvelée : reconnectez-vous.');
  const user = (await ctx.db.select().from(users).where(eq(users.id, stored.userId)))[0];
  if (!user || user.disabled) throw new KindedError('unauthorized', 'Compte désactivé.');
  return issueSession(ctx, user, req.deviceId);
}

type UserRow = typeof users.$inferSelect;

async function issueSession(ctx: AuthContext, user: UserRow, deviceId: string): Promise<LoginResponse> {
  const role = RoleSchema.parse(user.role);
  const now = Date.now();
  const accessExp = now + (ctx.ttl?.accessMs ?? ACCESS_TOKEN_TTL_MS);
  const refreshExp = new Date(now + (ctx.ttl?.refreshMs ?? REFRESH_TOKEN_TTL_MS));
  const refreshToken = randomToken(32);
  await ctx.db.insert(refreshTokens).values({ tokenHash: sha256Hex(refreshToken), userId: user.id, deviceId, expiresAt: refreshExp });
  return {
    accessToken: signAccessToken(ctx.tokenSecret, { userId: user.id, username: user.username, role, deviceId, exp: accessExp }),
    accessExpiresAt: new Date(accessExp).toISOString(),
    refreshToken,
    refreshExpiresAt: refreshExp.toISOString(),
    user: { id: user.id, username: user.username, displayName: user.displayName, role },
  };
}
