import type { FastifyRequest } from 'fastify';
import { KindedError } from '@shared';
import { verifyAccessToken, type AccessClaims } from './tokens';

/** The caller of a route that needs a session, from its `Authorization: Bearer` access token. */
export function requireSession(request: FastifyRequest, secret: Buffer): AccessClaims {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw new KindedError('unauthorized', 'Authentification requise (jeton d’accès absent).');
  const claims = verifyAccessToken(secret, match[1]);
  if (!claims) throw new KindedError('unauthorized', 'Jeton d’accès invalide ou expiré : renouvelez la session.');
  return claims;
}
