import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/database';
import { toApiError } from '../http/errors';
import { EMPTY_FORM, readForm, validateForm } from './form-input';
import { confirmationPage, errorPage, formPage, rateLimitedPage } from './form-page';
import { PAGE_CSP } from './html';
import { FixedWindowLimiter } from './rate-limit';
import { submitReport } from './service';

export type FormRateLimit = { max: number; timeWindowMs: number };
export const DEFAULT_FORM_RATE_LIMIT: FormRateLimit = { max: 10, timeWindowMs: 10 * 60_000 };

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(body);
}

/** Errors of the form route are pages, not JSON: the public sees them in a browser. */
function formErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status } = toApiError(error);
  if (status >= 500) request.log.error({ err: error }, 'public form failed');
  const message =
    status === 413 ? 'Le signalement est trop volumineux.' : status === 415 ? 'Format d’envoi non pris en charge.' : status >= 500 ? 'Une erreur est survenue, réessayez plus tard.' : 'Le formulaire envoyé est invalide.';
  return html(reply, status, errorPage('Signalement non enregistré', message));
}

/** The public reporting form: GET / shows it, POST / records the report (works without JavaScript). */
export const formRoutes: FastifyPluginAsyncZod<{ db: Db; rateLimit: FormRateLimit }> = async (app, { db, rateLimit }) => {
  const limiter = new FixedWindowLimiter(rateLimit);
  app.get('/', { schema: { summary: 'Public reporting form (HTML)', tags: ['form'] } }, async (_request, reply) => html(reply, 200, formPage(EMPTY_FORM)));
  app.post(
    '/',
    { bodyLimit: 64 * 1024, errorHandler: formErrorHandler, schema: { summary: 'Submit the public reporting form (application/x-www-form-urlencoded)', tags: ['form'] } },
    async (request, reply) => {
      const retryAfter = limiter.hit(request.ip);
      if (retryAfter !== null) return html(reply.header('retry-after', String(retryAfter)), 429, rateLimitedPage(retryAfter));
      const values = readForm(request.body);
      const checked = validateForm(values);
      if (!checked.ok) return html(reply, 400, formPage(values, checked.errors));
      const { reference } = await submitReport(db, checked.submission, { source: 'public' });
      return html(reply, 200, confirmationPage(reference));
    },
  );
};
