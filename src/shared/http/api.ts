import { z } from 'zod';
import { freeText, storable } from '../text';
import { RoleSchema, UsernameSchema } from '../domain/roles';

/** Schemas of the central server's HTTP API that the workstation also speaks. Paths in one place. */
export const API_PREFIX = '/api/v1';
export const API_PATHS = {
  health: `${API_PREFIX}/health`,
  openapi: `${API_PREFIX}/openapi.json`,
  reports: `${API_PREFIX}/reports`,
  enrol: `${API_PREFIX}/devices/enrol`,
  login: `${API_PREFIX}/auth/login`,
  refresh: `${API_PREFIX}/auth/refresh`,
  /** Ends the caller's session: its refresh tokens and its access token stop working at once. */
  logout: `${API_PREFIX}/auth/logout`,
  pull: `${API_PREFIX}/sync/pull`,
  push: `${API_PREFIX}/sync/push`,
  evidence: `${API_PREFIX}/evidence`,
  directory: `${API_PREFIX}/directory`,
  /** Competing decisions (supervisors): GET the open ones, POST `/:id/resolve` to arbitrate one. */
  competing: `${API_PREFIX}/sync/competing`,
  catalogPull: `${API_PREFIX}/catalog/pull`,
} as const;

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  time: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

export const DeviceIdSchema = z.uuid();

/** Device public keys are Ed25519, SPKI DER in base64. */
export const PublicKeySchema = z.string().min(40).max(200).regex(/^[A-Za-z0-9+/=]+$/);

// Request bodies are refined whole (storable, src/shared/text.ts): keep their field lists in the objects.
export const EnrolRequestSchema = storable(z.object({
  code: z.string().trim().min(6).max(64),
  deviceId: DeviceIdSchema,
  name: freeText(1, 100),
  publicKey: PublicKeySchema,
}));
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;
export const EnrolResponseSchema = z.object({ deviceId: DeviceIdSchema, enrolledAt: z.string() });
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

/** What a device signs (Ed25519) to prove a login or refresh comes from an enrolled workstation. */
export function deviceProofPayload(p: { purpose: 'login' | 'refresh'; subject: string; deviceId: string; timestamp: string; nonce: string }): string {
  return ['pharos-device-proof-v1', p.purpose, p.subject, p.deviceId, p.timestamp, p.nonce].join('\n');
}

const DeviceProofSchema = z.object({
  deviceId: DeviceIdSchema,
  timestamp: z.iso.datetime({ offset: false }),
  nonce: z.string().min(16).max(64),
  /** base64 Ed25519 signature over deviceProofPayload(...) */
  signature: z.string().min(40).max(200),
});

export const LoginRequestSchema = storable(DeviceProofSchema.extend({
  username: UsernameSchema,
  password: z.string().min(1).max(1024),
}));
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** Refresh: the subject of the proof is the refresh token itself. */
export const RefreshRequestSchema = storable(DeviceProofSchema.extend({ refreshToken: z.string().min(20).max(512) }));
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const SessionUserSchema = z.object({
  id: z.uuid(),
  username: UsernameSchema,
  displayName: z.string(),
  role: RoleSchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const LoginResponseSchema = z.object({
  accessToken: z.string(),
  accessExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshExpiresAt: z.string(),
  user: SessionUserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/**
 * Why the server ended a session (401 bodies carry it, so the workstation can tell the officer):
 * the device was revoked, the account disabled, the session closed (logout, administrator, a reused
 * refresh token) or simply expired.
 */
export const SIGNED_OUT_REASONS = ['device_revoked', 'user_disabled', 'session_closed', 'session_expired'] as const;
export const SignedOutReasonSchema = z.enum(SIGNED_OUT_REASONS);
export type SignedOutReason = z.infer<typeof SignedOutReasonSchema>;

/** Every 4xx/5xx body of the API. */
export const ApiErrorSchema = z.object({
  error: z.object({
    kind: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    reason: SignedOutReasonSchema.optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Header carrying the API key of a professional or State service for intake. */
export const API_KEY_HEADER = 'x-api-key';
