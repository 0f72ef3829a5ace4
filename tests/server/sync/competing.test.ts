import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompetingListSchema, type LoginResponse, type PushResponse } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { backends, enrol, newDevice, proof, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain } from './device-chain';

type Device = { token: string; deviceId: string; userId: string; next: number; chain: ReturnType<typeof deviceChain> };

/**
 * Competing decisions for supervisors (issue 3): the officer's two workstations decide the same report
 * differently; the later decision is kept as competing, listed beside the applied one, and a supervisor
 * keeps the applied one or adopts the competing one (planned as usual), with an audited comment.
 */
describe.each(backends())('competing decisions on $name', (b) => {
  warnIfSkipped(b, 'competing decisions');
  let server: TestServer;
  let desk: Device;
  let laptop: Device;
  let chief: string;
  let analystToken: string;

  const login = async (username: string, password: string): Promise<Device> => {
    const device = newDevice();
    expect((await enrol(server, device)).status).toBe(201);
    const res = await server.api<LoginResponse>('/api/v1/auth/login', { json: { username, password, ...proof(device, 'login', username) } });
    return { token: res.body.accessToken, deviceId: device.deviceId, userId: res.body.user.id, next: 0, chain: deviceChain(username, device.deviceId) };
  };
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    await server.admin.addUser({ username: 'ana', role: 'analyst', password: 'mot de passe ana 1' });
    desk = await login('ana', 'mot de passe ana 1');
    laptop = await login('ana', 'mot de passe ana 1');
    chief = (await session(server, 'chef', 'supervisor')).accessToken;
    analystToken = (await session(server, 'bob', 'analyst')).accessToken;
  });
  afterAll(async () => server?.destroy());

  const push = async (d: Device, name: string, args: Record<string, unknown>) => {
    d.next += 1;
    // As the workstation sends it: the mutation with its entry of the device's audit chain.
    const { mutations, audit, fresh } = d.chain.attach([{ id: d.next, name, args, createdAt: new Date().toISOString() }]);
    const res = await server.api<PushResponse>('/api/v1/sync/push', { json: { clientId: d.deviceId, userId: d.userId, mutations, audit }, headers: { authorization: `Bearer ${d.token}` } });
    expect(res.status).toBe(200);
    d.chain.confirm(fresh);
    return res.body.outcomes[0];
  };
  const version = async (id: string) => Number((await queryRows<{ v: string }>(server.admin.db, sql`select version as v from reports where id = ${id}`))[0]?.v);
  /** The desk verifies "present"; the laptop, offline since the claim, verifies "removed": competing. */
  const conflict = async (): Promise<string> => {
    const { id } = await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Faux site.' }, { source: 'public' });
    expect(await push(desk, 'claim', { reportId: id, baseVersion: await version(id) })).toMatchObject({ status: 'applied' });
    const seen = await version(id);
    expect(await push(desk, 'setVerification', { reportId: id, baseVersion: seen, outcome: 'present' })).toMatchObject({ status: 'applied' });
    const lost = await push(laptop, 'setVerification', { reportId: id, baseVersion: seen, outcome: 'removed', comment: 'page vide' });
    expect(lost).toMatchObject({ status: 'rejected', reason: { kind: 'conflict', message: expect.stringContaining('arbitrage') } });
    return id;
  };
  const list = async (token = chief) => server.api('/api/v1/sync/competing', { headers: { authorization: `Bearer ${token}` } });
  const resolve = (cid: string, body: unknown, token = chief) =>
    server.api<{ reportVersion: number; error?: { kind: string; message: string } }>(`/api/v1/sync/competing/${cid}/resolve`, { json: body, headers: { authorization: `Bearer ${token}` } });
  const events = async (id: string) =>
    queryRows<{ action: string; actor: string; detail: string | null }>(server.admin.db, sql`select action, actor, detail from report_events where report_id = ${id} order by at, id`);
  const find = async (reportId: string) => CompetingListSchema.parse((await list()).body).decisions.find((d) => d.reportId === reportId)!;

  it.skipIf(b.skip)('lists open competing decisions with both sides, for supervisors only', async () => {
    const id = await conflict();
    expect((await list(analystToken)).status).toBe(403);
    expect((await list('jeton-invalide')).status).toBe(401);
    const d = await find(id);
    expect(d.applied).toMatchObject({ actor: 'ana', name: 'setVerification', args: { outcome: 'present' } });
    expect(d.competing).toMatchObject({ actor: 'ana', name: 'setVerification', args: { outcome: 'removed', comment: 'page vide' } });
    expect(d.currentVersion).toBeGreaterThan(d.baseVersion);
  });

  it.skipIf(b.skip)('keeping the applied decision: audited with the comment, under a new version, and only once', async () => {
    const id = await conflict();
    const d = await find(id);
    expect((await resolve(d.id, { resolution: 'keep_applied', comment: '   ' })).status).toBe(400);
    expect((await resolve(d.id, { resolution: 'keep_applied', comment: 'Contenu constaté présent' }, analystToken)).status).toBe(403);
    const before = await version(id);
    const res = await resolve(d.id, { resolution: 'keep_applied', comment: 'Contenu constaté présent' });
    expect(res.status).toBe(200);
    expect(res.body.reportVersion).toBeGreaterThan(before);
    const last = (await events(id)).at(-1);
    expect(last).toMatchObject({ action: 'arbitrate', actor: 'chef', detail: expect.stringContaining('Contenu constaté présent') });
    expect((await events(id)).filter((e) => e.action === 'verify').map((e) => e.detail)).toEqual(['present']);
    expect(await find(id)).toBeUndefined();
    expect((await resolve(d.id, { resolution: 'adopt_competing', comment: 'encore' })).status).toBe(409);
    const [row] = await queryRows<{ resolved_by: string; resolution: string }>(server.admin.db, sql`select resolved_by, resolution from competing_decisions where id = ${d.id}`);
    expect(row).toEqual({ resolved_by: 'chef', resolution: 'keep_applied' });
  });

  it.skipIf(b.skip)('adopting the competing decision applies it through the normal planning, as its author', async () => {
    const id = await conflict();
    const d = await find(id);
    expect((await resolve(d.id, { resolution: 'adopt_competing', comment: 'Page bien retirée' })).status).toBe(200);
    const all = await events(id);
    expect(all.slice(-2)).toMatchObject([
      { action: 'verify', actor: 'ana', detail: 'removed — page vide' },
      { action: 'arbitrate', actor: 'chef', detail: expect.stringContaining('adoptée') },
    ]);
  });

  it.skipIf(b.skip)('an adoption the report no longer allows is refused with the reason, and nothing changes', async () => {
    const id = await conflict();
    const d = await find(id);
    expect(await push(desk, 'release', { reportId: id, baseVersion: await version(id) })).toMatchObject({ status: 'applied' });
    const before = { v: await version(id), n: (await events(id)).length };
    const res = await resolve(d.id, { resolution: 'adopt_competing', comment: 'à adopter' });
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toContain('Adoption impossible');
    expect({ v: await version(id), n: (await events(id)).length }).toEqual(before);
    expect(await find(id)).toBeDefined();
    expect((await resolve(randomUUID(), { resolution: 'keep_applied', comment: 'x' })).status).toBe(404);
  });
});
