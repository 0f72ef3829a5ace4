import { generateKeyPairSync, randomBytes, randomUUID, verify, createPublicKey } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API_PATHS, deviceProofPayload, type LoginRequest, type LoginResponse, type RefreshRequest } from '@shared/http/api';
import { KindedError } from '@shared/result';
import { openLocalDb, type LocalDb } from '../../../src/main/db';
import type { ServerClient } from '../../../src/main/server-client';
import { createAuth } from '../../../src/main/auth';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const USER = { id: randomUUID(), username: 'analyste.un', displayName: 'Analyste Un', role: 'analyst' as const };

function enrolledDb(): { db: LocalDb; publicKey: string } {
  const db = openLocalDb({ file: path.join(tempDir(), 'a.db'), key: randomBytes(32) });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  db.device.save({
    deviceId: randomUUID(), name: 'Poste', privateKeyPkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }), publicKeySpki: spki,
    serverUrl: 'https://srv', fingerprint: 'AA'.repeat(32), certPem: 'pem', enrolledAt: new Date().toISOString(),
  });
  return { db, publicKey: spki };
}

/** A server double checking the device proofs and issuing tokens that live `ttlMs`. */
function fakeServer(publicKey: string, ttlMs: number) {
  const calls: string[] = [];
  let n = 0;
  const check = (purpose: 'login' | 'refresh', subject: string, b: LoginRequest | RefreshRequest): void => {
    const payload = deviceProofPayload({ purpose, subject, deviceId: b.deviceId, timestamp: b.timestamp, nonce: b.nonce });
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (!verify(null, Buffer.from(payload), key, Buffer.from(b.signature, 'base64'))) throw new KindedError('unauthorized', 'preuve invalide');
  };
  const issue = (): LoginResponse => {
    n++;
    return {
      accessToken: `access-${n}`, accessExpiresAt: new Date(Date.now() + ttlMs).toISOString(),
      refreshToken: `refresh-token-number-${n}-xxxxxxxx`, refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(), user: USER,
    };
  };
  const client: ServerClient = {
    serverUrl: 'https://srv',
    get: () => Promise.reject(new Error('unused')),
    putBytes: () => Promise.reject(new Error('unused')),
    close: async () => undefined,
    post: async <S extends z.ZodType>(p: string, body: unknown, schema: S): Promise<z.output<S>> => {
      calls.push(p);
      if (p === API_PATHS.logout) return schema.parse({ loggedOut: true }) as z.output<S>;
      if (p === API_PATHS.login) {
        const b = body as LoginRequest;
        check('login', b.username, b);
        if (b.password !== 'bon mot de passe') throw new KindedError('unauthorized', 'Identifiants incorrects');
      } else {
        const b = body as RefreshRequest;
        check('refresh', b.refreshToken, b);
      }
      return schema.parse(issue()) as z.output<S>;
    },
  };
  return { client, calls };
}

describe('auth', () => {
  it('logs in with a device proof, keeps the access token in memory and the refresh token in the store', async () => {
    const { db, publicKey } = enrolledDb();
    const server = fakeServer(publicKey, 15 * 60_000);
    const auth = createAuth({ db: () => db, client: () => server.client, onSession: () => undefined });
    expect(await auth.session()).toBeNull();
    const session = await auth.login('analyste.un', 'bon mot de passe');
    expect(session?.user).toEqual(USER);
    expect(await auth.accessToken()).toBe('access-1');
    expect(db.kv.get<{ refreshToken: string }>('auth.refresh')?.refreshToken).toContain('refresh-token-number-1');
    expect(server.calls).toEqual([API_PATHS.login]);
    await auth.logout();
    // The server is told, so the session ends there too (not only in this process).
    expect(server.calls).toEqual([API_PATHS.login, API_PATHS.logout]);
    expect(db.kv.get('auth.refresh')).toBeNull();
    await expect(auth.accessToken()).rejects.toMatchObject({ kind: 'unauthorized' });
    db.close();
  });

  it('refreshes automatically when the access token is about to expire, once for concurrent callers', async () => {
    const { db, publicKey } = enrolledDb();
    const server = fakeServer(publicKey, 30_000); // inside the one-minute margin
    const auth = createAuth({ db: () => db, client: () => server.client, onSession: () => undefined });
    await auth.login('analyste.un', 'bon mot de passe');
    const [a, b] = await Promise.all([auth.accessToken(), auth.accessToken()]);
    expect(a).toBe('access-2');
    expect(b).toBe('access-2');
    expect(server.calls).toEqual([API_PATHS.login, API_PATHS.refresh]);
    db.close();
  });

  it('surfaces a wrong password as unauthorized and stores nothing', async () => {
    const { db, publicKey } = enrolledDb();
    const auth = createAuth({ db: () => db, client: () => fakeServer(publicKey, 60_000).client, onSession: () => undefined });
    await expect(auth.login('analyste.un', 'faux')).rejects.toMatchObject({ kind: 'unauthorized', message: 'Identifiants incorrects' });
    expect(db.kv.get('auth.refresh')).toBeNull();
    expect(auth.isLoggedIn()).toBe(false);
    db.close();
  });
});
