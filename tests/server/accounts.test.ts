import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '@shared';
import { revokeApiKey, revokeDevice, setUserDisabled } from '../../src/server/auth/revocation';
import { apiKeys } from '../../src/server/db/schema';
import { backends, enrol, newDevice, proof, session, startTestServer, warnIfSkipped, type TestDevice, type TestServer } from './helpers';

type Err = { error: { kind: string; message: string; reason?: string } };

// Short enough for a test, shaped like the default: free failures, a doubling wait, then a lock.
const POLICY = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, lockAfter: 6, lockMs: 60_000 };
const password = 'mot-de-passe-de-test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends())('login throttle, logout and revocation on $name', (b) => {
  warnIfSkipped(b, 'accounts');
  let server: TestServer;

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b, { loginThrottle: POLICY });
  });
  afterAll(async () => server?.destroy());

  const login = (username: string, device: TestDevice, pw = password) =>
    server.api<LoginResponse & Err>('/api/v1/auth/login', { json: { username, password: pw, ...proof(device, 'login', username) } });
  const retryAfter = (res: { headers: Headers }) => Number(res.headers.get('retry-after'));
  const auditActions = async (action: string) =>
    (await server.admin.db.execute(sql`select payload from audit_log where action = ${action} order by seq`)) as unknown as { rows: { payload: string }[] };
  const newOfficer = async (username: string) => {
    await server.admin.addUser({ username, role: 'analyst', password });
    const device = newDevice();
    expect((await enrol(server, device)).status).toBe(201);
    return device;
  };

  it.skipIf(b.skip)('199 wrong passwords then the right one: only the free failures are checked, the right one is refused with Retry-After', async () => {
    // Waits longer than the burst lasts, so the outcome does not depend on the machine's speed.
    const slow = await startTestServer(b, { loginThrottle: { ...POLICY, baseDelayMs: 120_000, maxDelayMs: 120_000 } });
    try {
      await slow.admin.addUser({ username: 'agent.cible', role: 'analyst', password });
      const device = newDevice();
      expect((await enrol(slow, device)).status).toBe(201);
      const attempt = (pw: string) => slow.api<LoginResponse & Err>('/api/v1/auth/login', { json: { username: 'agent.cible', password: pw, ...proof(device, 'login', 'agent.cible') } });
      const statuses: number[] = [];
      for (let i = 0; i < 199; i++) statuses.push((await attempt(`mauvais-${i}`)).status);
      expect(statuses.slice(0, POLICY.freeFailures)).toEqual([401, 401, 401]);
      expect(new Set(statuses.slice(POLICY.freeFailures))).toEqual(new Set([429]));
      const right = await attempt(password);
      expect(right.status).toBe(429);
      expect(right.body.error.kind).toBe('rate_limited');
      expect(right.body.error.message).toMatch(/patientez \d+ (s|min) avant de réessayer/);
      expect(retryAfter(right)).toBeGreaterThan(0);
      expect(retryAfter(right)).toBeLessThanOrEqual(120);
      const failures = (await slow.admin.db.execute(sql`select count(*)::int as n from audit_log where action = 'auth.login_failed'`)) as unknown as { rows: { n: number }[] };
      expect(failures.rows[0]?.n).toBe(POLICY.freeFailures);

      // Parallel guesses are each counted before they are checked: only the free failures get an answer.
      await slow.admin.addUser({ username: 'agent.parallele', role: 'analyst', password });
      const other = newDevice();
      expect((await enrol(slow, other)).status).toBe(201);
      const guesses = await Promise.all(
        Array.from({ length: 24 }, (_, i) => slow.api('/api/v1/auth/login', { json: { username: 'agent.parallele', password: `devine-${i}`, ...proof(other, 'login', 'agent.parallele') } })),
      );
      expect(guesses.filter((r) => r.status === 401)).toHaveLength(POLICY.freeFailures);
      expect(guesses.filter((r) => r.status === 429)).toHaveLength(24 - POLICY.freeFailures);
    } finally {
      await slow.destroy();
    }
  }, 120_000);

  it.skipIf(b.skip)('limits authentication requests per client address before any work, with Retry-After', async () => {
    const limited = await startTestServer(b, { authIpLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const attempt = () => limited.api<Err>('/api/v1/auth/login', { json: { username: 'personne', password: 'x', ...proof(newDevice(), 'login', 'personne') } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(refused.body.error.message).toMatch(/depuis cette adresse : réessayez dans \d+ s/);
      expect(retryAfter(refused)).toBeGreaterThan(0);
    } finally {
      await limited.destroy();
    }
  });

  it.skipIf(b.skip)('each failure past the free ones waits longer, as the server announces, then locks the account and the device across a restart', async () => {
    const device = await newOfficer('agent.cible');
    for (let i = 0; i < POLICY.freeFailures; i++) expect((await login('agent.cible', device, `mauvais-${i}`)).status).toBe(401);
    const right = await login('agent.cible', device);
    expect(right.status).toBe(429);
    expect(right.body.error.message).toMatch(/patientez \d+ s avant de réessayer/);
    const firstWait = retryAfter(right);
    expect(firstWait).toBeGreaterThanOrEqual(1);

    // Once the announced wait is over, one more attempt is admitted, and the next wait is longer.
    await sleep(firstWait * 1000);
    const fourth = await login('agent.cible', device, 'encore-faux');
    expect(fourth.status).toBe(401);
    expect(fourth.body.error.message).toMatch(/Prochain essai possible dans \d+ s/);
    const secondWait = retryAfter(await login('agent.cible', device));
    expect(secondWait).toBeGreaterThan(firstWait);
    await sleep(secondWait * 1000);
    expect((await login('agent.cible', device, 'faux-5')).status).toBe(401);
    await sleep(retryAfter(await login('agent.cible', device)) * 1000);
    const locking = await login('agent.cible', device, 'faux-6');
    expect(locking.status).toBe(401);
    expect(locking.body.error.message).toContain('verrouillée');

    // Locked: the right password is refused, for how long is said; a restart does not reset it.
    server = await server.restart();
    const locked = await login('agent.cible', device);
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toMatch(/verrouillé pendant \d+ (s|min) \(jusqu’à \d\d:\d\d UTC\)/);
    expect(retryAfter(locked)).toBeGreaterThan(20);
    // The device is locked too: another account from it is refused.
    await server.admin.addUser({ username: 'agent.voisin', role: 'analyst', password });
    const neighbour = await login('agent.voisin', device);
    expect(neighbour.status).toBe(429);
    expect(neighbour.body.error.message).toContain('ce poste');

    const failures = (await auditActions('auth.login_failed')).rows.filter((r) => r.payload.includes('agent.cible'));
    expect(failures).toHaveLength(POLICY.lockAfter);
    const locks = (await auditActions('auth.locked')).rows.map((r) => JSON.parse(r.payload) as { key: string });
    expect(locks.map((l) => l.key).sort()).toEqual([`device:${device.deviceId}`, 'user:agent.cible']);

    // When the lock is over, the right password logs in and the count starts again.
    await server.admin.db.execute(sql`update login_throttle set locked_until = now() - interval '1 second', last_attempt_at = now() - interval '1 minute'`);
    expect((await login('agent.cible', device)).status).toBe(200);
    expect((await login('agent.cible', device, 'faux')).status).toBe(401);
  }, 120_000);

  const directory = (token: string) => server.api<Err>('/api/v1/directory?since=999999999', { headers: { authorization: `Bearer ${token}` } });
  const refresh = (s: LoginResponse & { device: TestDevice }) =>
    server.api<LoginResponse & Err>('/api/v1/auth/refresh', { json: { refreshToken: s.refreshToken, ...proof(s.device, 'refresh', s.refreshToken) } });

  it.skipIf(b.skip)('logout closes the session: the access token and the refresh token stop at once', async () => {
    const s = await session(server, 'agent.sortant', 'analyst');
    expect((await directory(s.accessToken)).status).toBe(200);
    const out = await server.api<{ loggedOut: boolean }>('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${s.accessToken}` } });
    expect(out.status).toBe(200);
    const after = await directory(s.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.error.reason).toBe('session_closed');
    expect(after.body.error.message).toContain('Session fermée');
    const renewed = await refresh(s);
    expect(renewed.status).toBe(401);
    expect(renewed.body.error.reason).toBe('session_closed');
    expect((await auditActions('auth.logout')).rows.some((r) => r.payload.includes(s.user.id))).toBe(true);
    // Another session of the same officer is untouched; logging out without a token is refused.
    const other = await login('agent.sortant', s.device);
    expect((await directory(other.body.accessToken)).status).toBe(200);
    expect((await server.api('/api/v1/auth/logout', { method: 'POST' })).status).toBe(401);
  });

  it.skipIf(b.skip)('a revoked device and a disabled account stop the next request of a live access token, with the reason', async () => {
    const a = await session(server, 'agent.poste', 'analyst');
    const c = await session(server, 'agent.compte', 'analyst');
    expect((await directory(a.accessToken)).status).toBe(200);
    expect((await directory(c.accessToken)).status).toBe(200);
    await revokeDevice(server.admin.db, a.device.deviceId);
    await setUserDisabled(server.admin.db, 'agent.compte', true);
    const revoked = await directory(a.accessToken);
    expect([revoked.status, revoked.body.error.reason]).toEqual([401, 'device_revoked']);
    expect(revoked.body.error.message).toContain('Appareil révoqué');
    expect((await refresh(a)).body.error.reason).toBe('device_revoked');
    expect((await login('agent.poste', a.device)).body.error.reason).toBe('device_revoked');
    const disabled = await directory(c.accessToken);
    expect([disabled.status, disabled.body.error.reason]).toEqual([401, 'user_disabled']);
    expect(disabled.body.error.message).toContain('Compte désactivé');
    expect((await refresh(c)).body.error.reason).toBe('user_disabled');
    // The right password of a disabled account is told so; a wrong one gets the usual answer.
    expect((await login('agent.compte', c.device)).body.error.reason).toBe('user_disabled');
    expect((await login('agent.compte', c.device, 'faux')).body.error.reason).toBeUndefined();
    expect((await auditActions('admin.device_revoked')).rows).toHaveLength(1);
    expect((await auditActions('admin.user_disabled')).rows).toHaveLength(1);
    await setUserDisabled(server.admin.db, 'agent.compte', false);
    expect((await login('agent.compte', c.device)).status).toBe(200);
  });

  it.skipIf(b.skip)('a revoked API key is refused at the next submission', async () => {
    const key = await server.admin.createApiKey({ organisation: 'Plateforme test', source: 'professional' });
    const report = { urls: ['https://exemple.fr/page'], category: 'hate_discrimination', description: 'Propos haineux publiés sur un forum public.' };
    expect((await server.api('/api/v1/reports', { json: report, headers: { 'x-api-key': key } })).status).toBe(201);
    const [row] = await server.admin.db.select({ id: apiKeys.id }).from(apiKeys).where(sql`organisation = 'Plateforme test'`);
    await revokeApiKey(server.admin.db, row?.id ?? '');
    const refused = await server.api<Err>('/api/v1/reports', { json: report, headers: { 'x-api-key': key } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('révoquée');
  });
});
