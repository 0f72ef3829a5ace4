import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PATHS, ApiErrorSchema, DirectoryResponseSchema } from '@shared';
import type { Db } from '../db/database';
import { requireSession } from '../auth/guard';
import { readDirectory } from './directory';

/** GET /api/v1/directory: the orientation directory, for workstations (any logged-in officer). */
export const directoryRoutes: FastifyPluginAsyncZod<{ db: Db; tokenSecret: Buffer }> = async (app, { db, tokenSecret }) => {
  app.get(
    API_PATHS.directory,
    {
      schema: {
        summary: 'The orientation directory (services a case can be sent to); nothing when `since` is current',
        tags: ['sync'],
        security: [{ bearer: [] }],
        querystring: z.object({ since: z.coerce.number().int().nonnegative().optional() }),
        response: { 200: DirectoryResponseSchema, 401: ApiErrorSchema },
      },
      preValidation: async (request) => {
        requireSession(request, tokenSecret);
      },
    },
    async (request) => readDirectory(db, request.query.since ?? null),
  );
};
