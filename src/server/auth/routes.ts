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
import { z } from 'zod';
import { enrolDevice } from './devices';
import { requireSession } from './guard';
import { login, logout, refresh, type AuthContext } from './sessions';

const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 409: ApiErrorSchema, 429: ApiErrorSchema };

/**
 * Device enrolment, login and refresh (the only routes a workstation calls without an access token),
 * and logout.
 */
export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthContext }> = async (app, { auth }) => {
  app.post(
    API_PATHS.enrol,
    { schema: { summary: 'Enrol a workstation with a one-time code', tags: ['auth'], body: EnrolRequestSchema, response: { 201: EnrolResponseSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await enrolDevice(auth.db, request.body)),
  );
  app.post(
    API_PATHS.login,
    { schema: { summary: 'Log in from an enrolled workstation', tags: ['auth'], body: LoginRequestSchema, response: { 200: LoginResponseSchema, ...errors } } },
    async (request) => login(auth, request.body),
  );
  app.post(
    API_PATHS.refresh,
    { schema: { summary: 'Rotate a refresh token', tags: ['auth'], body: RefreshRequestSchema, response: { 200: LoginResponseSchema, ...errors } } },
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
