import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, PullResponseSchema, PushResponseSchema, type PushResponse, type PushedMutation } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain } from './device-chain';

type Who = { accessToken: string; deviceId: string; userId: string; chain: ReturnType<typeof deviceChain> };

describe.each(backends())('sync push on $name', (b) => {
  warnIfSkipped(b, 'sync push');
  let server: TestServer;
  let ana: Who;
  let bob: Who;
  let cp: Who;

  const who = (s: Awaited<ReturnType<typeof session>>): Who => ({
    accessToken: s.accessToken, deviceId: s.device.deviceId, userId: s.user.id, chain: deviceChain(s.user.username, s.device.deviceId),
  });
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    ana = who(await session(server, 'ana', 'analyst'));
    bob = who(await session(server, 'bob', 'analyst'));
    cp = who(await session(server, 'cp', 'cyberpatrol'));
  });
  afterAll(async () => server?.destroy());

  const newReport = async (): Promise<{ id: string; version: number }> => {
    const { id } = await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'hate_discrimination', description: 'Propos haineux sur un forum public.' }, { source: 'public' });
    return { id, version: await versionOf(id) };
  };
  const versionOf = async (id: string): Promise<number> =>
    Number((await queryRows<{ v: string }>(server.admin.db, sql`select version as v from reports where id = ${id}`))[0]?.v);
  const stateOf = async (id: string) =>
    (await queryRows<{ status: string; claimed_by: string | null; lease_until: Date | null }>(server.admin.db, sql`select status, claimed_by, lease_until from reports where id = ${id}`))[0];
  // Each request carries the device's audit chain for its mutations, as the workstation sends it.
  const push = async (w: Who, raw: PushedMutation[], over: Record<string, unknown> = {}) => {
    const { mutations, audit, fresh } = w.chain.attach(raw);
    const res = await server.api<PushResponse & { error?: { kind: string; message: string } }>('/api/v1/sync/push', {
      json: { clientId: w.deviceId, userId: w.userId, mutations, audit, ...over },
      headers: { authorization: `Bearer ${w.accessToken}` },
    });
    if (res.status === 200) w.chain.confirm(fresh);
    return res;
  };
  const m = (id: number, name: string, args: unknown): PushedMutation => ({ id, name, args, createdAt: new Date().toISOString() });
  const counters = new Map<Who, number>();
  const next = (w: Who): number => {
    const n = (counters.get(w) ?? 0) + 1;
    counters.set(w, n);
    return n;
  };
  const logCount = async (): Promise<number> => Number((await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from sync_mutations`))[0]?.n);

  it.skipIf(b.skip)('applies claim, note, verification and release in order, with audited events, once', async () => {
    const r = await newReport();
    const batch = [
      m(next(ana), 'claim', { reportId: r.id, baseVersion: r.version }),
      m(next(ana), 'note', { reportId: r.id, text: 'Page toujours en ligne.' }),
      m(next(ana), 'setVerification', { reportId: r.id, baseVersion: r.version, outcome: 'present' }),
      m(next(ana), 'release', { reportId: r.id, baseVersion: r.version }),
    ];
    const res = await push(ana, batch);
    expect(res.status).toBe(200);
    expect(PushResponseSchema.parse(res.body).outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await stateOf(r.id)).toMatchObject({ status: 'received', claimed_by: null });
    const events = await queryRows<{ action: string; actor: string; device_id: string }>(server.admin.db, sql`select action, actor, device_id from report_events where report_id = ${r.id} order by at, id`);
    expect(events.map((e) => e.action)).toEqual(['receive', 'claim', 'note', 'verify', 'release']);
    expect(events.slice(1).every((e) => e.actor === 'ana' && e.device_id === ana.deviceId)).toBe(true);

    // The same batch again (a retry after a lost response): nothing applied twice.
    const before = await logCount();
    const again = await push(ana, batch);
    expect(again.body.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(again.body.lastMutationId).toBe(batch[3]?.id);
    expect(await logCount()).toBe(before);
  });

  it.skipIf(b.skip)('refuses a gap, non-consecutive ids, another device, another officer, unknown names and oversized bodies', async () => {
    const r = await newReport();
    const last = counters.get(ana) ?? 0;
    const before = await logCount();
    const gap = await push(ana, [m(last + 2, 'note', { reportId: r.id, text: 'x' })]);
    expect(gap.status).toBe(409);
    expect(gap.body.error?.message).toContain('manquantes');
    expect((await push(ana, [m(last + 1, 'note', { reportId: r.id, text: 'a' }), m(last + 3, 'note', { reportId: r.id, text: 'b' })])).status).toBe(400);
    expect((await push(ana, [m(last + 1, 'note', { reportId: r.id, text: 'x' })], { clientId: bob.deviceId })).status).toBe(403);
    expect((await push(ana, [m(last + 1, 'note', { reportId: r.id, text: 'x' })], { userId: bob.userId })).status).toBe(403);
    const unknown = await push(ana, [m(last + 1, 'dropTable', { reportId: r.id })]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toContain('dropTable');
    expect((await push(ana, [m(last + 1, 'note', { reportId: r.id, text: 'x'.repeat(4000) })], { padding: 'y'.repeat(5 * 1024 * 1024) })).status).toBe(413);
    expect((await server.api('/api/v1/sync/push', { body: '{"clientId":', headers: { authorization: `Bearer ${ana.accessToken}`, 'content-type': 'application/json' } })).status).toBe(400);
    expect((await server.api('/api/v1/sync/push', { json: { clientId: ana.deviceId, userId: ana.userId, mutations: [] } })).status).toBe(401);
    expect(await logCount()).toBe(before);
    const refusals = await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from sync_refusals`);
    expect(Number(refusals[0]?.n)).toBeGreaterThanOrEqual(5);
  });

  it.skipIf(b.skip)('records permanent failures, reports them in pull, and moves on', async () => {
    const r = await newReport();
    const ids = [next(ana), next(ana), next(ana), next(ana)];
    const res = await push(ana, [
      m(ids[0]!, 'release', { reportId: r.id, baseVersion: r.version }),
      m(ids[1]!, 'note', { reportId: r.id, text: '' }),
      m(ids[2]!, 'note', { reportId: randomUUID(), text: 'signalement inexistant' }),
      m(ids[3]!, 'note', { reportId: r.id, text: 'ceci passe' }),
    ]);
    expect(res.body.outcomes.map((o) => (o.status === 'rejected' ? o.reason.kind : o.status))).toEqual(['conflict', 'validation', 'not_found', 'applied']);
    const pull = await server.api('/api/v1/sync/pull', { json: { cursor: null, limit: 1, lastMutationId: ids[0]! - 1 }, headers: { authorization: `Bearer ${ana.accessToken}` } });
    const page = PullResponseSchema.parse(pull.body);
    expect(page.lastMutationId).toBe(ids[3]);
    expect(page.rejections?.map((x) => x.id)).toEqual(ids.slice(0, 3));
    const cpRes = await push(cp, [m(next(cp), 'claim', { reportId: r.id, baseVersion: r.version })]);
    expect(cpRes.body.outcomes[0]).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden' } });
  });

  it.skipIf(b.skip)('leases: a live claim is exclusive, renewed by its holder, taken over once expired', async () => {
    const r = await newReport();
    expect((await push(ana, [m(next(ana), 'claim', { reportId: r.id, baseVersion: r.version })])).body.outcomes[0]?.status).toBe('applied');
    expect((await push(bob, [m(next(bob), 'claim', { reportId: r.id, baseVersion: r.version })])).body.outcomes[0]).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    const first = (await stateOf(r.id))?.lease_until;
    expect((await push(ana, [m(next(ana), 'claim', { reportId: r.id, baseVersion: r.version })])).body.outcomes[0]?.status).toBe('applied');
    expect(new Date((await stateOf(r.id))!.lease_until!).getTime()).toBeGreaterThanOrEqual(new Date(first!).getTime());
    await server.admin.db.execute(sql`update reports set lease_until = ${new Date(Date.now() - 1000).toISOString()} where id = ${r.id}`);
    expect((await push(bob, [m(next(bob), 'claim', { reportId: r.id, baseVersion: r.version })])).body.outcomes[0]?.status).toBe('applied');
    const s = await stateOf(r.id);
    expect(s).toMatchObject({ status: 'in_progress', claimed_by: 'bob' });
    expect(new Date(s!.lease_until!).getTime()).toBeGreaterThan(Date.now() + CLAIM_LEASE_MS - 60_000);
    const actions = await queryRows<{ action: string }>(server.admin.db, sql`select action from report_events where report_id = ${r.id} order by at, id`);
    expect(actions.map((a) => a.action)).toEqual(['receive', 'claim', 'renew', 'expire', 'claim']);
  });

  it.skipIf(b.skip)('compare-and-set: a decision based on a version someone else changed is kept as competing, not applied', async () => {
    const r = await newReport();
    await push(ana, [m(next(ana), 'claim', { reportId: r.id, baseVersion: r.version })]);
    const seen = await versionOf(r.id);
    // Someone else writes a note after ana saw the report.
    await push(bob, [m(next(bob), 'note', { reportId: r.id, text: 'Même page signalée ailleurs.' })]);
    const id = next(ana);
    const res = await push(ana, [m(id, 'setVerification', { reportId: r.id, baseVersion: seen, outcome: 'removed' })]);
    expect(res.body.outcomes[0]).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    const kept = await queryRows<{ name: string; base_version: string }>(server.admin.db, sql`select name, base_version from competing_decisions where report_id = ${r.id}`);
    expect(kept).toEqual([{ name: 'setVerification', base_version: expect.anything() }]);
    // Her own earlier changes are not a conflict: claim then verify, both based on what she saw.
    const r2 = await newReport();
    const res2 = await push(ana, [
      m(next(ana), 'claim', { reportId: r2.id, baseVersion: r2.version }),
      m(next(ana), 'note', { reportId: r2.id, text: 'capture faite' }),
      m(next(ana), 'setVerification', { reportId: r2.id, baseVersion: r2.version, outcome: 'present' }),
    ]);
    expect(res2.body.outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
  });
});
