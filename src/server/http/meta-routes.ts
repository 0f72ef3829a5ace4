import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_PATHS, HealthSchema } from '@shared';
import type { DatabaseKind } from '../db/database';

export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Health (for launchers and monitoring) and the OpenAPI document generated from the route schemas. */
export const metaRoutes: FastifyPluginAsyncZod<{ database: DatabaseKind }> = async (app, { database }) => {
  app.get(API_PATHS.health, { schema: { summary: 'Server health', tags: ['meta'], response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
    version: SERVER_VERSION,
    database,
    time: new Date().toISOString(),
  }));
  app.get(API_PATHS.openapi, { schema: { hide: true } }, async () => app.swagger());
};
