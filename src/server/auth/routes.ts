import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  API_PATHS,
  ApiErrorSchema,
  EnrolRequestSchema,
  EnrolResponseSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  RefreshRequestSchema,
} from '@shared';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { ApiRefusal } from '../http/errors';
import { enrolDevice } from './devices';
import { requireSession } from './guard';
import { login, logout, refresh, type AuthContext } from './sessions';

/** Requests per client address to each of enrol, login and refresh: 300 a minute. */
export const DEFAULT_AUTH_IP_LIMIT = { max: 300, timeWindowMs: 60_000 };

const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 409: ApiErrorSchema, 429: ApiErrorSchema };

/**
 * Device enrolment, login and refresh (the only routes a workstation calls without an access token),
 * and logout.
 */
export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthContext }> = async (app, { auth }) => {
  // Per address, before any work: a flood of requests never reaches the database or Argon2. Generous,
  // since a whole office may share one address; the per-account and per-device throttle is in the database.
  const perIp = auth.ipLimit ?? DEFAULT_AUTH_IP_LIMIT;
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new ApiRefusal('rate_limited', `Trop de requêtes d’authentification depuis cette adresse : réessayez dans ${seconds} s.`, { retryAfterSeconds: seconds });
    },
  });
  const config = { rateLimit: { max: perIp.max, timeWindow: perIp.timeWindowMs } };
  app.post(
    API_PATHS.enrol,
    { config, schema: { summary: 'Enrol a workstation with a one-time code', tags: ['auth'], body: EnrolRequestSchema, response: { 201: EnrolResponseSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await enrolDevice(auth.db, request.body)),
  );
  app.post(
    API_PATHS.login,
    { config, schema: { summary: 'Log in from an enrolled workstation', tags: ['auth'], body: LoginRequestSchema, response: { 200: LoginResponseSchema, ...errors } } },
    async (request) => login(auth, request.body),
  );
  app.post(
    API_PATHS.refresh,
    { config, schema: { summary: 'Rotate a refresh token', tags: ['auth'], body: RefreshRequestSchema, response: { 200: LoginResponseSchema, ...errors } } },
    async (request) => refresh(auth, request.body),
  );
  app.post(
    API_PATHS.logout,
    {
      schema: {
        summary: 'Close the caller’s session (refresh tokens and access token)',
        tags: ['auth'],
        security: [{ bearer: [] }],
        response: { 200: z.object({ loggedOut: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await logout(auth, requireSession(request, auth.tokenSecret));
      return { loggedOut: true as const };
    },
  );
};
