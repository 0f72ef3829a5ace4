import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_PATHS, ApiErrorSchema, PullRequestSchema, PullResponseSchema } from '@shared';
import type { Db } from '../db/database';
import { requireSession } from '../auth/guard';
import { pullChanges } from './pull';

/**
 * POST /api/v1/sync/pull. The response schema documents the route (OpenAPI) but is not run on the
 * way out: pages carry thousands of reports and a per-row schema pass would dominate the cost.
 */
export const syncRoutes: FastifyPluginAsyncZod<{ db: Db; tokenSecret: Buffer }> = async (app, { db, tokenSecret }) => {
  app.post(
    API_PATHS.pull,
    {
      schema: {
        summary: 'Pull the report changes after a cursor (scoped by role)',
        tags: ['sync'],
        security: [{ bearer: [] }],
        body: PullRequestSchema,
        response: { 200: PullResponseSchema, 400: ApiErrorSchema, 401: ApiErrorSchema },
      },
      serializerCompiler: () => (data) => JSON.stringify(data),
      preValidation: async (request) => {
        request.session = requireSession(request, tokenSecret);
      },
    },
    async (request) => {
      const session = request.session;
      if (!session) throw new Error('session missing');
      return pullChanges(db, session, request.body);
    },
  );
};

declare module 'fastify' {
  interface FastifyRequest {
    session?: import('../auth/tokens').AccessClaims;
  }
}
