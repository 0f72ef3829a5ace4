import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const demoWebRoutes: FastifyPluginAsyncZod = async () => {};
