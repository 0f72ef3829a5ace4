import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_PATHS, ApiErrorSchema, CATALOG_PULL_MAX_LIMIT, CatalogPullRequestSchema, CatalogPullResponseSchema } from '@shared';
import type { Db } from '../db/database';
import { requireSession } from '../auth/guard';
import { catalogPage } from './store';

/** POST /api/v1/catalog/pull: the catalog entries changed after a cursor, for every logged-in officer. */
export const catalogRoutes: FastifyPluginAsyncZod<{ db: Db; tokenSecret: Buffer }> = async (app, { db, tokenSecret }) => {
  app.post(
    API_PATHS.catalogPull,
    {
      schema: {
        summary: 'Pull the legal catalog entries changed after a cursor',
        tags: ['sync'],
        security: [{ bearer: [] }],
        body: CatalogPullRequestSchema,
        response: { 200: CatalogPullResponseSchema, 400: ApiErrorSchema, 401: ApiErrorSchema },
      },
      preValidation: async (request: FastifyRequest) => {
        requireSession(request, tokenSecret);
      },
    },
    async (request) => catalogPage(db, request.body.cursor, request.body.limit ?? CATALOG_PULL_MAX_LIMIT),
  );
};
