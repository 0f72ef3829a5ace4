import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompetingListSchema, ReportSchema, type LoginResponse, type PushResponse } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { backends, enrol, newDevice, proof, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain } from './device-chain';
import { officer, prepare, pushOne, rowOf, versionOf, type Officer } from '../review/workflow-fixture';

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
  let adminToken: string;

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
    const user = async (username: string, role: 'supervisor' | 'admin') => {
      await server.admin.addUser({ username, role, password: `mot de passe ${username} 1` });
      return login(username, `mot de passe ${username} 1`);
    };
    chief = (await user('chef', 'supervisor')).token;
    adminToken = (await user('root', 'admin')).token;
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
    expect((await list(adminToken)).status).toBe(403);
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

/**
 * Adopting a competing review (issue 9): the whole decision document is written, the arbiter's approval
 * is the review (so the case goes on to transmission), only supervisors arbitrate, and the four-eyes rule
 * holds for the arbiter too.
 */
describe.each(backends())('adopting a competing review on $name', (b) => {
  warnIfSkipped(b, 'competing reviews');
  let server: TestServer;
  let ana: Officer;
  let chef: Officer;
  let sup2: Officer;
  let sup3: Officer;
  let root: Officer;
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    ana = await officer(server, 'ana', 'analyst');
    chef = await officer(server, 'chef', 'supervisor');
    sup2 = await officer(server, 'sup2', 'supervisor');
    sup3 = await officer(server, 'sup3', 'supervisor');
    root = await officer(server, 'root', 'admin');
  });
  afterAll(async () => server?.destroy());

  const Q = { kind: 'offences', offences: [{ id: 'ter-1', natinf: null, label: 'Apologie du terrorisme (art. 421-2-5 C. pén.)' }] };
  const O = { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale en matière de terrorisme.', urgency: 'urgent', attachments: [], duplicateOf: null };
  const step = async (who: Officer, id: string, name: string, args: Record<string, unknown> = {}) => {
    const versioned = name === 'comment' ? {} : { baseVersion: await versionOf(server, id) };
    expect(await pushOne(server, who, name, { reportId: id, ...versioned, ...args }), `${who.username} ${name}`).toMatchObject({ status: 'applied' });
  };
  /** `first` qualifies (then releases if not ana), ana verifies, orients and proposes, comments; sup2's approval of the version before the comment competes. */
  const competingApproval = async (first: Officer = ana, commenter: Officer = ana) => {
    const { id } = await prepare(server, { status: 'received' });
    await step(first, id, 'claim');
    await step(first, id, 'qualify', { qualification: Q });
    if (first !== ana) await step(first, id, 'release');
    if (first !== ana) await step(ana, id, 'claim');
    await step(ana, id, 'setVerification', { outcome: 'present' });
    await step(ana, id, 'orient', { orientation: O });
    await step(ana, id, 'propose');
    const seen = await versionOf(server, id);
    await step(commenter, id, 'comment', { text: 'Capture jointe ajoutée.' });
    const lost = await pushOne(server, sup2, 'approve', { reportId: id, baseVersion: seen, comment: 'Transmission validée.' });
    expect(lost).toMatchObject({ status: 'rejected', reason: { kind: 'conflict', message: expect.stringContaining('arbitrage') } });
    const [c] = await queryRows<{ id: string }>(server.admin.db, sql`select id from competing_decisions where report_id = ${id}`);
    return { id, cid: c?.id ?? '' };
  };
  const resolve = (cid: string, who: Officer, resolution = 'adopt_competing') =>
    server.api<{ reportStatus?: string; error?: { kind: string; message: string } }>(`/api/v1/sync/competing/${cid}/resolve`, {
      json: { resolution, comment: 'La capture ajoutée ne change pas la décision.' },
      headers: { authorization: `Bearer ${who.accessToken}` },
    });
  const unchanged = async (id: string, cid: string) => {
    const before = { v: await versionOf(server, id), row: await rowOf(server, id) };
    return async () => {
      expect({ v: await versionOf(server, id), row: await rowOf(server, id) }).toEqual(before);
      const [open] = await queryRows<{ resolved_at: Date | null }>(server.admin.db, sql`select resolved_at from competing_decisions where id = ${cid}`);
      expect(open?.resolved_at).toBeNull();
    };
  };

  it.skipIf(b.skip)('adopted: the whole decision with the arbiter’s review, in the synced document; then transmitted', async () => {
    const { id, cid } = await competingApproval();
    const res = await resolve(cid, chef);
    expect(res.status).toBe(200);
    const row = await rowOf(server, id);
    expect(row?.status).toBe('decided');
    expect(row?.decision).toMatchObject({
      qualification: { kind: 'offences', by: 'ana' }, orientation: { outcome: 'central_office', by: 'ana' }, proposal: { by: 'ana' },
      review: { verdict: 'approved', by: 'chef', comment: 'La capture ajoutée ne change pas la décision.' },
      comments: [{ kind: 'comment', by: 'ana' }, { kind: 'approve', by: 'sup2', text: 'Transmission validée.' }],
    });
    const doc = ReportSchema.parse(JSON.parse(`${row?.sync_doc ?? ''},"reporter":null}`));
    expect(doc.decision?.review).toMatchObject({ verdict: 'approved', by: 'chef' });
    const events = await queryRows<{ action: string; actor: string }>(server.admin.db, sql`select action, actor from report_events where report_id = ${id} order by at, id`);
    expect(events.slice(-2)).toEqual([{ action: 'approve', actor: 'sup2' }, { action: 'arbitrate', actor: 'chef' }]);
    await step(ana, id, 'transmit', { packageSha256: 'c'.repeat(64), recipient: 'SDAT' });
    expect((await rowOf(server, id))?.status).toBe('transmitted');
    // What the supervisor's panel shows of the outcome.
    expect(res.body.reportStatus).toBe('decided');
  });

  it.skipIf(b.skip)('administrators do not arbitrate: 403 with the reason, nothing changed', async () => {
    const { id, cid } = await competingApproval();
    const same = await unchanged(id, cid);
    const res = await resolve(cid, root);
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toContain('Réservé aux superviseurs');
    expect((await server.api('/api/v1/sync/competing', { headers: { authorization: `Bearer ${root.accessToken}` } })).status).toBe(403);
    await same();
  });

  it.skipIf(b.skip)('an arbiter who wrote a part of the decision cannot adopt its approval; another supervisor can', async () => {
    const { id, cid } = await competingApproval(chef);
    const same = await unchanged(id, cid);
    const res = await resolve(cid, chef);
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/la qualification.*quatre yeux/);
    await same();
    expect((await resolve(cid, sup3)).status).toBe(200);
    expect((await rowOf(server, id))?.decision?.review).toMatchObject({ verdict: 'approved', by: 'sup3' });
  });

  it.skipIf(b.skip)('nobody arbitrates for their own side: the competing decision’s author, the applied change’s author', async () => {
    const own = await competingApproval();
    const same = await unchanged(own.id, own.cid);
    expect((await resolve(own.cid, sup2)).status).toBe(403);
    await same();
    const kept = await competingApproval(ana, chef);
    const sameKept = await unchanged(kept.id, kept.cid);
    const res = await resolve(kept.cid, chef, 'keep_applied');
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toContain('quatre yeux');
    await sameKept();
    expect((await resolve(kept.cid, sup3, 'keep_applied')).status).toBe(200);
  });
});
