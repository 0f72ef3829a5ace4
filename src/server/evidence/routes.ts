import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PATHS, ApiErrorSchema, EVIDENCE_CHUNK_MAX, UploadStatusSchema } from '@shared';
import { requireSession } from '../auth/guard';
import type { AccessClaims } from '../auth/tokens';
import type { EvidenceStorage } from './storage';

const sessions = new WeakMap<FastifyRequest, AccessClaims>();
const Params = z.object({ captureId: z.uuid() });
const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 413: ApiErrorSchema };

/**
 * GET  /api/v1/evidence/:captureId          → how many bytes the server holds (where to resume)
 * PUT  /api/v1/evidence/:captureId?offset=N → appends one chunk (application/octet-stream) at N
 */
export const evidenceRoutes: FastifyPluginAsyncZod<{ storage: EvidenceStorage; tokenSecret: Buffer }> = async (app, { storage, tokenSecret }) => {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: EVIDENCE_CHUNK_MAX }, (_req, body, done) => done(null, body));
  const authenticate = async (request: FastifyRequest) => {
    sessions.set(request, requireSession(request, tokenSecret));
  };
  const who = (request: FastifyRequest): AccessClaims => {
    const s = sessions.get(request);
    if (!s) throw new Error('session missing');
    return s;
  };
  app.get(
    `${API_PATHS.evidence}/:captureId`,
    {
      schema: { summary: 'Upload state of a capture’s WACZ', tags: ['evidence'], security: [{ bearer: [] }], params: Params, response: { 200: UploadStatusSchema, ...errors } },
      preValidation: authenticate,
    },
    async (request) => storage.status(who(request), request.params.captureId),
  );
  app.put(
    `${API_PATHS.evidence}/:captureId`,
    {
      schema: {
        summary: 'Append a chunk of a capture’s WACZ at the offset the server holds; checked against the recorded SHA-256 once complete',
        tags: ['evidence'],
        security: [{ bearer: [] }],
        params: Params,
        querystring: z.object({ offset: z.coerce.number().int().nonnegative() }),
        response: { 200: UploadStatusSchema, ...errors },
      },
      bodyLimit: EVIDENCE_CHUNK_MAX,
      preValidation: authenticate,
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw Object.assign(new Error('corps application/octet-stream non vide attendu'), { statusCode: 400 });
      return storage.append(who(request), request.params.captureId, request.query.offset, body);
    },
  );
};
