import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import {
  API_PATHS,
  LoginResponseSchema,
  deviceProofPayload,
  type LoginRequest,
  type LoginResponse,
  type RefreshRequest,
  type SessionUser,
} from '@shared/http/api';
import { z } from 'zod';
import type { Session, SignedOut } from '@shared/api/contract';
import { KindedError } from '@shared/result';
import { KV_KEYS, type DeviceIdentity, type LocalDb } from '../db';
import { ServerRefusal, type ServerClient } from '../server-client';

export type AuthDeps = {
  /** The open store, or a `locked` error. */
  db(): LocalDb;
  /** The pinned client for the enrolled server, or a clear error when not enrolled. */
  client(): ServerClient;
  onSession(session: Session): void;
};

type StoredRefresh = { refreshToken: string; refreshExpiresAt: string; user: SessionUser };
type Access = { token: string; expiresAt: number; user: SessionUser };

const LoggedOutSchema = z.object({ loggedOut: z.literal(true) });

/** Refresh this long before the access token expires, so that no request is sent with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

export type Auth = {
  session(): Promise<Session>;
  login(username: string, password: string): Promise<Session>;
  /** Closes the session on the server when it can be reached (best effort), and forgets it here. */
  logout(): Promise<Session>;
  /** Why the server ended the last session, until the next login. */
  signedOut(): SignedOut;
  /** A valid access token, refreshed when close to expiry; `unauthorized` when the officer must log in. */
  accessToken(): Promise<string>;
  /**
   * A new access token whatever the current one says: the server refused it (401: expired by its clock,
   * signing key changed). `unauthorized` when the refresh token is refused too: the session is then over.
   */
  renew(): Promise<string>;
  /** Forgets the in-memory token (vault locked, server rejected it). */
  forget(): void;
  isLoggedIn(): boolean;
};

export function createAuth(deps: AuthDeps): Auth {
  // The access token never touches the disk; the refresh token lives in the encrypted store.
  let access: Access | null = null;
  let refreshing: Promise<Access> | null = null;
  // Set when the stored session could not be renewed for want of a server: work goes on offline.
  let offline: { user: SessionUser; refreshExpiresAt: string } | null = null;

  const current = (): Session => {
    if (access) return { user: access.user, accessExpiresAt: new Date(access.expiresAt).toISOString() };
    return offline ? { user: offline.user, accessExpiresAt: offline.refreshExpiresAt, offline: true } : null;
  };
  const adopt = (res: LoginResponse): Access => {
    const stored: StoredRefresh = { refreshToken: res.refreshToken, refreshExpiresAt: res.refreshExpiresAt, user: res.user };
    deps.db().kv.set(KV_KEYS.refresh, stored);
    access = { token: res.accessToken, expiresAt: Date.parse(res.accessExpiresAt), user: res.user };
    offline = null;
    deps.onSession(current());
    return access;
  };

  const refresh = async (): Promise<Access> => {
    const db = deps.db();
    const stored = db.kv.get<StoredRefresh>(KV_KEYS.refresh);
    if (!stored || Date.parse(stored.refreshExpiresAt) <= Date.now()) {
      throw new KindedError('unauthorized', 'Session expirée : reconnectez-vous.');
    }
    const identity = requireIdentity(db);
    const body: RefreshRequest = { ...proof(identity, 'refresh', stored.refreshToken), refreshToken: stored.refreshToken };
    try {
      return adopt(await deps.client().post(API_PATHS.refresh, body, LoginResponseSchema));
    } catch (e) {
      if (e instanceof KindedError && e.kind === 'unauthorized') {
        // Revoked or expired on the server: the session is over (the officer logs in again). Only the
        // session goes: the outbox and the local store are untouched.
        db.kv.delete(KV_KEYS.refresh);
        const ended: SignedOut = { reason: e instanceof ServerRefusal ? e.reason : 'session_expired', message: e.message, at: new Date().toISOString() };
        db.kv.set(KV_KEYS.signedOut, ended);
        if (offline || access) {
          offline = null;
          access = null;
          deps.onSession(null);
        }
      }
      throw e;
    }
  };

  const refreshOnce = (): Promise<Access> => {
    refreshing ??= refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  return {
    session: async () => {
      if (access || offline) return current();
      // After an unlock: resume the session from the stored refresh token. When the server cannot be
      // reached, the stored session still identifies the officer: continue offline, renew later.
      try {
        await refreshOnce();
      } catch (e) {
        const stored = deps.db().kv.get<StoredRefresh>(KV_KEYS.refresh);
        if (!isUnreachable(e) || !stored || Date.parse(stored.refreshExpiresAt) <= Date.now()) return null;
        offline = { user: stored.user, refreshExpiresAt: stored.refreshExpiresAt };
        deps.onSession(current());
      }
      return current();
    },
    login: async (username, password) => {
      const identity = requireIdentity(deps.db());
      const body: LoginRequest = { ...proof(identity, 'login', username), username, password };
      adopt(await deps.client().post(API_PATHS.login, body, LoginResponseSchema));
      deps.db().kv.delete(KV_KEYS.signedOut);
      return current();
    },
    logout: async () => {
      // The server closes the session (refresh tokens and this access token) when it answers; offline,
      // the stored refresh token is forgotten below and expires on the server by itself.
      const token = access?.token;
      if (token) {
        try {
          await deps.client().post(API_PATHS.logout, {}, LoggedOutSchema, { token, timeoutMs: 5_000 });
        } catch {
          // unreachable, or the session was already over: it is forgotten here all the same
        }
      }
      access = null;
      offline = null;
      try {
        deps.db().kv.delete(KV_KEYS.refresh);
      } catch {
        // locked: nothing stored can be reached, and the in-memory token is already gone
      }
      deps.onSession(null);
      return null;
    },
    accessToken: async () => {
      if (access && access.expiresAt - REFRESH_MARGIN_MS > Date.now()) return access.token;
      return (await refreshOnce()).token;
    },
    renew: async () => (await refreshOnce()).token,
    signedOut: () => {
      try {
        return deps.db().kv.get<NonNullable<SignedOut>>(KV_KEYS.signedOut);
      } catch {
        return null; // locked
      }
    },
    isLoggedIn: () => access !== null || offline !== null,
    forget: () => {
      if (!access && !offline) return;
      access = null;
      offline = null;
      deps.onSession(null);
    },
  };
}

/** The server could not be reached (as opposed to refusing the session). */
function isUnreachable(e: unknown): boolean {
  return e instanceof KindedError && (e.kind === 'network' || e.kind === 'internal');
}

function requireIdentity(db: LocalDb): DeviceIdentity {
  const identity = db.device.get();
  if (!identity) throw new KindedError('unauthorized', 'Ce poste n’est pas enrôlé : enrôlez-le auprès du serveur d’abord.');
  return identity;
}

/** The Ed25519 proof that the request comes from this enrolled workstation. */
function proof(identity: DeviceIdentity, purpose: 'login' | 'refresh', subject: string) {
  const timestamp = new Date().toISOString();
  const nonce = randomBytes(16).toString('hex');
  const payload = deviceProofPayload({ purpose, subject, deviceId: identity.deviceId, timestamp, nonce });
  const key = createPrivateKey({ key: identity.privateKeyPkcs8, format: 'der', type: 'pkcs8' });
  const signature = sign(null, Buffer.from(payload, 'utf8'), key).toString('base64');
  return { deviceId: identity.deviceId, timestamp, nonce, signature };
}
