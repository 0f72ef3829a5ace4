import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PATHS, describeProblem, findUnstorable, KindedError } from '@shared';

/**
 * Routes that check their text themselves, field by field, because a refusal there is not a plain 400:
 * the public form answers with its page and per-field messages in French; a push refuses a mutation
 * whose arguments cannot be stored as that mutation alone (its siblings go through, src/server/sync/push.ts).
 */
const CHECKED_BY_ROUTE = new Set<string>(['/', API_PATHS.push]);

/**
 * The server's last line at its HTTP boundary: once a request is authenticated and validated by its
 * route's schema (which refuses unstorable text itself, with the field), no handler sees a string or an
 * object key PostgreSQL cannot store, whether in the path parameters, the query or the body
 * (src/shared/text.ts). A refusal is a 400 with the reason, never a database error turned 500.
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (CHECKED_BY_ROUTE.has(request.routeOptions.url ?? '')) return;
    for (const [part, value] of [['paramètres', request.params], ['requête', request.query], ['corps', request.body]] as const) {
      const problem = findUnstorable(value);
      if (problem) throw new KindedError('validation', `Requête refusée (${part}) — ${describeProblem(problem)}.`);
    }
  });
}
