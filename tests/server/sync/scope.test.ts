import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse, PushedMutation } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain } from './device-chain';

type Who = { accessToken: string; deviceId: string; userId: string; next: number; chain: ReturnType<typeof deviceChain> };
type Role = 'analyst' | 'cyberpatrol' | 'supervisor' | 'admin';

/**
 * Scope of a push (issue 3): an officer changes only what they may hold on their workstation
 * (src/server/sync/scope.ts). A mutation on a report outside it is refused as forbidden and changes nothing.
 */
describe.each(backends())('push scope checks on $name', (b) => {
  warnIfSkipped(b, 'push scope');
  let server: TestServer;
  const people = new Map<Role, Who>();

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    for (const role of ['analyst', 'cyberpatrol', 'supervisor', 'admin'] as const) {
      const s = await session(server, `scope-${role}`, role);
      people.set(role, { accessToken: s.accessToken, deviceId: s.device.deviceId, userId: s.user.id, next: 0, chain: deviceChain(s.user.username, s.device.deviceId) });
    }
  });
  afterAll(async () => server?.destroy());

  /** A report in the given state (decided reports leave the common queue). */
  const report = async (over: { status?: string; assignedTo?: string } = {}): Promise<string> => {
    const { id } = await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Escroquerie signalée.' }, { source: 'public' });
    if (over.status) await server.admin.db.execute(sql`update reports set status = ${over.status} where id = ${id}`);
    if (over.assignedTo) await server.admin.db.execute(sql`update reports set assigned_to = ${over.assignedTo} where id = ${id}`);
    return id;
  };
  const snapshot = async (id: string) =>
    (await queryRows<{ version: string; n: string }>(server.admin.db, sql`select r.version, (select count(*) from report_events e where e.report_id = r.id) as n from reports r where r.id = ${id}`))[0];
  /** A push as the workstation sends it: the mutations with their entries of the device's audit chain. */
  const push = async (w: Who, raw: PushedMutation[]) => {
    const { mutations, audit, fresh } = w.chain.attach(raw);
    const res = await server.api<PushResponse>('/api/v1/sync/push', { json: { clientId: w.deviceId, userId: w.userId, mutations, audit }, headers: { authorization: `Bearer ${w.accessToken}` } });
    expect(res.status).toBe(200);
    w.chain.confirm(fresh);
    return res.body.outcomes;
  };
  const note = async (role: Role, reportId: string) => {
    const w = people.get(role)!;
    w.next += 1;
    return (await push(w, [{ id: w.next, name: 'note', args: { reportId, text: 'Constat complémentaire.' }, createdAt: new Date().toISOString() }]))[0];
  };
  const refusedUnchanged = async (role: Role, id: string) => {
    const before = await snapshot(id);
    expect(await note(role, id)).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden', message: expect.stringContaining('périmètre') } });
    expect(await snapshot(id)).toEqual(before);
  };

  it.skipIf(b.skip)('analyst: the open queue and what is assigned to them, not a decided report of someone else', async () => {
    expect(await note('analyst', await report())).toMatchObject({ status: 'applied' });
    expect(await note('analyst', await report({ status: 'decided', assignedTo: 'scope-analyst' }))).toMatchObject({ status: 'applied' });
    await refusedUnchanged('analyst', await report({ status: 'decided' }));
    await refusedUnchanged('analyst', await report({ status: 'transmitted', assignedTo: 'scope-cyberpatrol' }));
  });

  it.skipIf(b.skip)('cyberpatrol: only what is assigned to them, even in the open queue', async () => {
    expect(await note('cyberpatrol', await report({ assignedTo: 'scope-cyberpatrol' }))).toMatchObject({ status: 'applied' });
    await refusedUnchanged('cyberpatrol', await report());
    await refusedUnchanged('cyberpatrol', await report({ status: 'decided', assignedTo: 'scope-analyst' }));
  });

  it.skipIf(b.skip)('supervisor: every report; admin: in scope but not an officer who handles reports', async () => {
    expect(await note('supervisor', await report({ status: 'decided' }))).toMatchObject({ status: 'applied' });
    expect(await note('supervisor', await report({ status: 'transmitted', assignedTo: 'scope-analyst' }))).toMatchObject({ status: 'applied' });
    const id = await report();
    const before = await snapshot(id);
    expect(await note('admin', id)).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden' } });
    expect(await snapshot(id)).toEqual(before);
  });

  it.skipIf(b.skip)('a decision on an out-of-scope report is refused before its version is even compared', async () => {
    const id = await report({ status: 'decided' });
    const w = people.get('analyst')!;
    const version = Number((await snapshot(id))?.version);
    const mutations = [
      { id: ++w.next, name: 'claim', args: { reportId: id, baseVersion: version }, createdAt: new Date().toISOString() },
      { id: ++w.next, name: 'setVerification', args: { reportId: id, baseVersion: version - 1, outcome: 'removed' }, createdAt: new Date().toISOString() },
    ];
    const outcomes = await push(w, mutations);
    expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason.kind : o.status))).toEqual(['forbidden', 'forbidden']);
    const competing = await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from competing_decisions where report_id = ${id}`);
    expect(Number(competing[0]?.n)).toBe(0);
  });
});
