import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_PATHS, KindedError, printable, ApiErrorSchema, PullRequestSchema, PullResponseSchema, PUSH_MAX_BYTES, PushRequestSchema, PushResponseSchema, type PullResponse } from '@shared';
import type { Db } from '../db/database';
import { requireSession } from '../auth/guard';
import type { AccessClaims } from '../auth/tokens';
import { pullPage } from './pull';
import { pushMutations } from './push';
import { recordRefusal } from './refusals';
import { toApiError } from '../http/errors';

/** The caller found by the token check, handed from the hook to the handler of the same request. */
const sessions = new WeakMap<FastifyRequest, AccessClaims>();

/**
 * POST /api/v1/sync/pull. The response schema documents the route (OpenAPI) but is not run on the
 * way out: the page is JSON text built by the database (see pullPage) and sent as it is.
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
      serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
      preValidation: async (request) => {
        sessions.set(request, requireSession(request, tokenSecret));
      },
    },
    async (request, reply) => {
      const session = sessions.get(request);
      if (!session) throw new Error('session missing');
      const page = await pullPage(db, session, request.body);
      // The JSON text of a PullResponse, sent as is by the route's serializer.
      return reply.type('application/json; charset=utf-8').send(page.json as unknown as PullResponse);
    },
  );

  app.post(
    API_PATHS.push,
    {
      schema: {
        summary: 'Push the client’s pending mutations, applied exactly once in mutation-id order',
        tags: ['sync'],
        security: [{ bearer: [] }],
        body: PushRequestSchema,
        response: { 200: PushResponseSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 409: ApiErrorSchema, 413: ApiErrorSchema },
      },
      bodyLimit: PUSH_MAX_BYTES,
      // The token is checked before the body is read: an anonymous request is turned away at once, and a
      // body refused while being read (too large, not JSON, not a push) is recorded under its sender.
      onRequest: async (request) => {
        sessions.set(request, requireSession(request, tokenSecret));
      },
      errorHandler: async (error, request, reply) => {
        const { status, body } = toApiError(error);
        const session = sessions.get(request);
        // Refusals of the whole request by pushMutations are recorded there; here, those of the body itself.
        if (session && status >= 400 && status < 500 && !(error instanceof KindedError)) {
          const raw: unknown = request.body;
          // What the body said, made storable: the refusal is recorded even when its text is the reason.
          const clientId = typeof raw === 'object' && raw !== null && 'clientId' in raw ? printable(String(raw.clientId), 100) : null;
          await recordRefusal(db, session, clientId, status, printable(body.error.message, 2000));
        }
        if (status >= 500) request.log.error({ err: error }, 'request failed');
        return reply.status(status as 400).send(body);
      },
    },
    async (request) => {
      const session = sessions.get(request);
      if (!session) throw new Error('session missing');
      return pushMutations(db, session, request.body);
    },
  );
};
