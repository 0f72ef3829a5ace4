import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '@shared';
import { backends, enrol, newDevice, proof, startTestServer, warnIfSkipped, type TestDevice, type TestServer } from './helpers';

type Err = { error: { kind: string; message: string } };

describe.each(backends())('enrolment and login on $name', (b) => {
  warnIfSkipped(b, 'auth');
  let server: TestServer;
  let device: TestDevice;
  const password = 'correct horse battery';

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    await server.admin.addUser({ username: 'agent.dupont', role: 'analyst', password, displayName: 'Agent Dupont' });
    device = newDevice();
  });
  afterAll(async () => server?.destroy());

  const login = (over: Record<string, unknown> = {}, d = device, username = 'agent.dupont') =>
    server.api<LoginResponse & Err>('/api/v1/auth/login', { json: { username, password, ...proof(d, 'login', username), ...over } });

  it.skipIf(b.skip)('enrols a device with a one-time code, once', async () => {
    const code = await server.admin.createEnrolmentCode();
    const first = await enrol(server, device, code);
    expect(first.status).toBe(201);
    const again = await enrol(server, newDevice(), code);
    expect(again.status).toBe(401);
    const sameDevice = await enrol(server, device);
    expect(sameDevice.status).toBe(409);
  });

  it.skipIf(b.skip)('refuses an expired code and a key that is not Ed25519', async () => {
    const code = await server.admin.createEnrolmentCode(1);
    await server.admin.db.execute(sql`update enrolment_codes set expires_at = now() - interval '1 minute' where used_at is null`);
    expect((await enrol(server, newDevice(), code)).status).toBe(401);
    const bad = { ...newDevice(), publicKey: Buffer.alloc(44, 7).toString('base64') };
    const res = await enrol(server, bad);
    expect(res.status).toBe(400);
  });

  it.skipIf(b.skip)('logs in with the password and a device proof', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'agent.dupont', role: 'analyst', displayName: 'Agent Dupont' });
    expect(Date.parse(res.body.accessExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(res.body.refreshToken.length).toBeGreaterThan(20);
  });

  it.skipIf(b.skip)('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await login({ password: 'mauvais' });
    const unknown = await login({}, device, 'inconnu');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it.skipIf(b.skip)('refuses a bad signature, a replayed nonce, an old timestamp and an unknown device', async () => {
    const other = newDevice();
    expect((await login(proof(device, 'login', 'agent.dupont', { key: other.privateKey }))).status).toBe(401);
    const p = proof(device, 'login', 'agent.dupont');
    expect((await login(p)).status).toBe(200);
    expect((await login(p)).status).toBe(401);
    const old = new Date(Date.now() - 6 * 60_000).toISOString();
    expect((await login(proof(device, 'login', 'agent.dupont', { timestamp: old }))).status).toBe(401);
    expect((await login({}, other)).status).toBe(401);
    expect((await login({ signature: 'x' })).status).toBe(400);
  });

  it.skipIf(b.skip)('rotates refresh tokens and revokes the session when an old one comes back', async () => {
    const first = (await login()).body;
    const refresh = (token: string) =>
      server.api<LoginResponse & Err>('/api/v1/auth/refresh', { json: { refreshToken: token, ...proof(device, 'refresh', token) } });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    // Reuse of a rotated token revoked the whole chain, including the newest token.
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
  });

  it.skipIf(b.skip)('refuses a revoked device', async () => {
    const d = newDevice();
    expect((await enrol(server, d)).status).toBe(201);
    await server.admin.db.execute(sql`update devices set revoked_at = now() where id = ${d.deviceId}`);
    expect((await login({}, d)).status).toBe(401);
  });
});
