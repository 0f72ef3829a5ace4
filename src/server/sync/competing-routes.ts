import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_PATHS, ApiErrorSchema, CompetingListSchema, ResolveCompetingSchema, ResolvedCompetingSchema } from '@shared';
import type { Db } from '../db/database';
import { requireSession } from '../auth/guard';
import { listCompeting, requireArbiter, resolveCompeting } from './competing';

const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

/** Competing decisions for supervisors: the open ones side by side with what they ran into, and their arbitration. */
export const competingRoutes: FastifyPluginAsyncZod<{ db: Db; tokenSecret: Buffer }> = async (app, { db, tokenSecret }) => {
  app.get(
    API_PATHS.competing,
    { schema: { summary: 'Open competing decisions (supervisors)', tags: ['sync'], security: [{ bearer: [] }], response: { 200: CompetingListSchema, ...errors } } },
    async (request) => {
      requireArbiter(requireSession(request, tokenSecret));
      return { decisions: await listCompeting(db) };
    },
  );
  app.post(
    `${API_PATHS.competing}/:id/resolve`,
    {
      schema: {
        summary: 'Arbitrate a competing decision: keep the applied one or adopt the competing one (supervisors)',
        tags: ['sync'],
        security: [{ bearer: [] }],
        params: z.object({ id: z.uuid() }),
        body: ResolveCompetingSchema,
        response: { 200: ResolvedCompetingSchema, ...errors },
      },
    },
    async (request) => resolveCompeting(db, requireSession(request, tokenSecret), request.params.id, request.body),
  );
};
