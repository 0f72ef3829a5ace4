import { createHmac } from 'node:crypto';
import { RoleSchema, type Role } from '@shared';
import { safeEqual } from './secrets';

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000;
export const REFRESH_TOKEN_TTL_MS = 12 * 3600_000;

/** What an access token says about its bearer; `sessionId` names the login it was issued for. */
export type AccessClaims = { userId: string; username: string; role: Role; deviceId: string; sessionId: string; exp: number };

/**
 * Compact access token: base64url(JSON claims) "." base64url(HMAC-SHA256). Short-lived; its signature
 * proves who it was issued to, and every request also checks its session (auth/session-state.ts), so a
 * logout or a revocation stops it before it expires.
 */
export function signAccessToken(secret: Buffer, claims: AccessClaims): string {
  const body = Buffer.from(
    JSON.stringify({ sub: claims.userId, usr: claims.username, role: claims.role, dev: claims.deviceId, sid: claims.sessionId, exp: claims.exp }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function verifyAccessToken(secret: Buffer, token: string, now = Date.now()): AccessClaims | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !safeEqual(signature, mac(secret, body))) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Record<string, unknown>;
  const role = RoleSchema.safeParse(c.role);
  if (typeof c.sub !== 'string' || typeof c.usr !== 'string' || typeof c.dev !== 'string' || typeof c.sid !== 'string' || typeof c.exp !== 'number') return null;
  if (!role.success || c.exp <= now) return null;
  return { userId: c.sub, username: c.usr, role: role.data, deviceId: c.dev, sessionId: c.sid, exp: c.exp };
}

function mac(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
