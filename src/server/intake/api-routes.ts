import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_KEY_HEADER, KindedError, API_PATHS, ApiErrorSchema, ReportSubmissionObject, ReportSubmissionResultSchema, storable, SubmittedReporterSchema } from '@shared';
import type { Db } from '../db/database';
import { originOfApiKey } from './api-keys';
import { submitReport, type Origin } from './service';

/** Intake bodies are small: a report is a few URLs and a description. */
export const INTAKE_BODY_LIMIT = 64 * 1024;

/** Strict on the wire: an unknown field is a client bug worth reporting, not something to drop. */
const StrictSubmissionSchema = storable(ReportSubmissionObject.extend({ reporter: SubmittedReporterSchema.strict().optional() }).strict());

/** The origin found by the key check, handed from the hook to the handler of the same request. */
const origins = new WeakMap<FastifyRequest, Origin>();

/** POST /api/v1/reports: reports from Internet professionals and State services, with an API key. */
export const intakeApiRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    API_PATHS.reports,
    {
      bodyLimit: INTAKE_BODY_LIMIT,
      schema: {
        summary: 'Submit a report (professionals and State services)',
        tags: ['intake'],
        headers: z.object({ [API_KEY_HEADER]: z.string().max(200).optional() }),
        body: StrictSubmissionSchema,
        response: { 201: ReportSubmissionResultSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 413: ApiErrorSchema, 415: ApiErrorSchema },
      },
      // Checked before the body is read: only JSON is accepted, whatever parsers the server has.
      onRequest: async (request) => {
        const type = request.headers['content-type'] ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) throw new KindedError('unsupported', 'Type de contenu non accepté : application/json attendu.');
      },
      // The key is checked before the body is validated: an unauthenticated caller learns nothing.
      preValidation: async (request) => {
        origins.set(request, await originOfApiKey(db, request.headers[API_KEY_HEADER] as string | undefined));
      },
    },
    async (request, reply) => {
      const origin = origins.get(request);
      if (!origin) throw new Error('intake origin missing');
      const result = await submitReport(db, request.body, origin);
      return reply.status(201).send(result);
    },
  );
};
