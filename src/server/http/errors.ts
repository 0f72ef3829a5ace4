import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { KindedError, printable, type ApiError, type ErrorKind, type SignedOutReason } from '@shared';

/**
 * A refusal that tells the client more than its kind: why its session ended (`reason`, in the body) or
 * when to try again (`retryAfterSeconds`, the Retry-After header of a 429).
 */
export class ApiRefusal extends KindedError {
  constructor(
    kind: ErrorKind,
    message: string,
    readonly detail: { reason?: SignedOutReason; retryAfterSeconds?: number },
  ) {
    super(kind, message);
    this.name = 'ApiRefusal';
  }
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  wrong_passphrase: 401,
  network: 503,
  tls: 400,
  rate_limited: 429,
  unsupported: 415,
  internal: 500,
};

function kindOfStatus(status: number): ErrorKind {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 415:
      return 'unsupported';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal' : 'validation';
  }
}

/** Turns anything thrown by a route into the API's error body, with the right status. */
export function toApiError(error: unknown): { status: number; body: ApiError } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    // A message may echo what it refuses (an unknown key): made printable, as it may be stored and shown.
    const issues = error.validation.map((v) => ({ path: printable(v.instancePath.replace(/^\//, '').replaceAll('/', '.'), 200), message: printable(v.message ?? 'invalide', 500) }));
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return { status: 400, body: { error: { kind: 'validation', message: `Requête invalide — ${summary}`, issues } } };
  }
  if (error instanceof ApiRefusal && error.detail.reason) {
    return { status: STATUS_BY_KIND[error.kind], body: { error: { kind: error.kind, message: error.message, reason: error.detail.reason } } };
  }
  if (error instanceof KindedError) {
    return { status: STATUS_BY_KIND[error.kind], body: { error: { kind: error.kind, message: error.message } } };
  }
  const status = (error as Partial<FastifyError>).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: { kind: kindOfStatus(status), message: printable(clientMessage(error as FastifyError), 500) } } };
  }
  return { status: 500, body: { error: { kind: 'internal', message: 'Erreur interne du serveur.' } } };
}

function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Requête trop volumineuse.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Type de contenu non accepté (application/json attendu).';
    default:
      return error.message;
  }
}

/** Installs the JSON error handler; HTML pages (the public form) install their own per route. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toApiError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (error instanceof ApiRefusal && error.detail.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.detail.retryAfterSeconds));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: { kind: 'not_found', message: 'Ressource introuvable.' } }));
}
