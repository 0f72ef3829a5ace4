import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KindedError } from '@shared';
import type { Db } from '../db/database';
import { assertSessionActive } from './session-state';
import { verifyAccessToken, type AccessClaims } from './tokens';

/** The caller of a route that needs a session, from its `Authorization: Bearer` access token. */
export function requireSession(request: FastifyRequest, secret: Buffer): AccessClaims {
  const token = bearerToken(request);
  if (!token) throw new KindedError('unauthorized', 'Authentification requise (jeton d’accès absent).');
  const claims = verifyAccessToken(secret, token);
  if (!claims) throw new KindedError('unauthorized', 'Jeton d’accès invalide ou expiré : renouvelez la session.');
  return claims;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return (header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined) ?? null;
}

/**
 * Before any route: a request whose access token is genuine must also belong to an open session of an
 * enabled account on a device that was not revoked, so a logout or a revocation is effective on the next
 * request, not when the token expires. One indexed lookup per authenticated request; tokens that do
 * not verify are left to the route's requireSession (which refuses them).
 */
export function installSessionCheck(app: FastifyInstance, db: Db, secret: Buffer): void {
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    const claims = token ? verifyAccessToken(secret, token) : null;
    if (claims) await assertSessionActive(db, claims.sessionId);
  });
}
