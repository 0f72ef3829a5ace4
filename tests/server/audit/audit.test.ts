import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEntry, linkEntry, mutationAuditPayload, type AuditEntry, type PushedMutation, type PushResponse } from '@shared';
import { main, type CliIo } from '../../../src/server/cli';
import { openDatabase } from '../../../src/server/db/database';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain, sha256 } from '../sync/device-chain';

type Res = { status: number; body: PushResponse & { error?: { kind: string; message: string } } };

describe.each(backends())('audit log on $name', (b) => {
  warnIfSkipped(b, 'audit');
  let server: TestServer;
  let ana: { token: string; device: string; userId: string; chain: ReturnType<typeof deviceChain> };
  let bob: typeof ana;
  let reportId = '';
  let nextId = 0;

  const login = async (name: string) => {
    const s = await session(server, name, 'analyst');
    return { token: s.accessToken, device: s.device.deviceId, userId: s.user.id, chain: deviceChain(name, s.device.deviceId) };
  };
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    ana = await login('ana');
    bob = await login('bob');
    reportId = (await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Faux site de vente.' }, { source: 'public' })).id;
  });
  afterAll(async () => server?.destroy());

  const note = (id: number, text = `note ${id}`): PushedMutation => ({ id, name: 'note', args: { reportId, text }, createdAt: new Date().toISOString() });
  const raw = (w: typeof ana, body: Record<string, unknown>): Promise<Res> =>
    server.api('/api/v1/sync/push', { json: { clientId: w.device, userId: w.userId, ...body }, headers: { authorization: `Bearer ${w.token}` } });
  const push = async (w: typeof ana, mutations: PushedMutation[]): Promise<Res> => {
    const { mutations: ms, audit, fresh } = w.chain.attach(mutations);
    const res = await raw(w, { mutations: ms, audit });
    if (res.status === 200) w.chain.confirm(fresh);
    return res;
  };
  const count = async (q: ReturnType<typeof sql>): Promise<number> => Number((await queryRows<{ n: string }>(server.admin.db, q))[0]?.n);
  const applied = () => count(sql`select count(*) as n from sync_mutations`);
  const refusals = () => count(sql`select count(*) as n from audit_log where action = 'push.refused'`);
  const held = () => count(sql`select count(*) as n from audit_device_entries where device = ${ana.device}`);

  it.skipIf(b.skip)('stores the device chain with the mutations, chains its own entries, and recognises a replay', async () => {
    const batch = [note(++nextId), note(++nextId), note(++nextId)];
    const res = await push(ana, batch);
    expect(res.status).toBe(200);
    expect(res.body.audit).toEqual(ana.chain.head);
    expect(await held()).toBe(3);
    const server3 = await queryRows<{ action: string; payload: string }>(server.admin.db, sql`select action, payload from audit_log where device = ${ana.device} order by seq`);
    expect(server3.map((r) => r.action)).toEqual(['mutation.applied', 'mutation.applied', 'mutation.applied']);
    expect(JSON.parse(server3[0]!.payload)).toMatchObject({ mutationId: batch[0]!.id, name: 'note', status: 'applied', deviceEntry: { seq: 1 } });
    // The same request again (a lost response): the held entries are recognised, nothing is added.
    const before = await count(sql`select count(*) as n from audit_log`);
    const again = await push(ana, batch);
    expect(again.status).toBe(200);
    expect(again.body.outcomes.every((o) => o.status === 'duplicate')).toBe(true);
    expect(again.body.audit).toEqual(ana.chain.head);
    expect(await count(sql`select count(*) as n from audit_log`)).toBe(before);
    expect(await held()).toBe(3);
  });

  it.skipIf(b.skip)('takes entries of local actions alone (a capture) and chains mutations after them', async () => {
    const head = ana.chain.head!;
    const capture = chainEntry(sha256, head, { actor: 'ana', device: ana.device, at: new Date().toISOString(), action: 'capture', payload: { url: 'https://exemple.fr/x' } });
    const res = await raw(ana, { mutations: [], audit: [capture] });
    expect(res.status).toBe(200);
    expect(res.body.audit).toEqual({ seq: capture.seq, hash: capture.hash });
    // The helper's chain goes on from the capture.
    const m = note(++nextId);
    const e = chainEntry(sha256, { seq: capture.seq, hash: capture.hash }, { actor: 'ana', device: ana.device, at: m.createdAt, action: 'note', payload: mutationAuditPayload(m) });
    expect((await raw(ana, { mutations: [{ ...m, auditSeq: e.seq }], audit: [e] })).status).toBe(200);
    ana.chain.confirm(new Map([[-1, capture], [m.id, e]]));
  });

  it.skipIf(b.skip)('refuses a forked, gapped, tampered or unmatched chain: 4xx naming the problem, nothing applied, the refusal chained', async () => {
    const head = ana.chain.head!;
    const m = note(nextId + 1);
    const entryFor = (mm: PushedMutation, h: { seq: number; hash: string } | null, over: Partial<{ actor: string; at: string; device: string }> = {}): AuditEntry =>
      chainEntry(sha256, h, { actor: 'ana', device: ana.device, at: mm.createdAt, action: mm.name, payload: mutationAuditPayload(mm), ...over });
    const send = (e: AuditEntry[], mm: PushedMutation = m) => raw(ana, { mutations: [{ ...mm, auditSeq: e[e.length - 1]?.seq }], audit: e });
    const [appliedBefore, refusedBefore, heldBefore] = [await applied(), await refusals(), await held()];

    const fork = await send([entryFor(m, { seq: head.seq, hash: sha256('une autre histoire') })]);
    expect([fork.status, fork.body.error?.message]).toEqual([409, expect.stringContaining('bifurqué')]);
    const stored = await queryRows<AuditEntry & { seq: string }>(server.admin.db, sql`select seq, hash from audit_device_entries where device = ${ana.device} and seq = ${head.seq}`);
    const rewritten = { ...entryFor(note(nextId, 'réécrite'), { seq: head.seq - 1, hash: sha256('x') }), seq: head.seq };
    const overlap = await raw(ana, { mutations: [], audit: [{ ...rewritten, hash: sha256(`autre ${stored[0]?.hash}`) }] });
    expect(overlap.status).toBe(400); // its own hash does not match its fields
    const gap = await send([entryFor(m, { seq: head.seq + 1, hash: sha256('trou') })]);
    expect([gap.status, gap.body.error?.message]).toEqual([409, expect.stringContaining('manquantes')]);
    const tampered = { ...entryFor(m, head), actor: 'mallory' };
    expect((await send([tampered])).body.error?.message).toContain('chaîne rompue');
    const otherArgs = await send([entryFor({ ...m, args: { reportId, text: 'texte différent' } }, head)]);
    expect([otherArgs.status, otherArgs.body.error?.message]).toEqual([400, expect.stringContaining('le contenu diffère')]);
    const missing = await raw(ana, { mutations: [m], audit: [] });
    expect([missing.status, missing.body.error?.message]).toEqual([400, expect.stringContaining('n’y a pas d’entrée')]);
    const foreign = await send([entryFor(m, head, { device: bob.device })]);
    expect([foreign.status, foreign.body.error?.message]).toEqual([400, expect.stringContaining('autre poste')]);

    expect(await applied()).toBe(appliedBefore);
    expect(await held()).toBe(heldBefore);
    expect(await refusals()).toBe(refusedBefore + 7);
    // The right chain still goes through afterwards.
    nextId += 1;
    expect((await push(ana, [m])).status).toBe(200);
  });

  it.skipIf(b.skip)('chains every refusal of a bad request: malformed, oversized, unknown, another device, another officer, skipped ids', async () => {
    const before = await refusals();
    const auth = { authorization: `Bearer ${ana.token}`, 'content-type': 'application/json' };
    expect((await server.api('/api/v1/sync/push', { body: '{"clientId":', headers: auth })).status).toBe(400);
    expect((await server.api('/api/v1/sync/push', { body: JSON.stringify({ clientId: ana.device, pad: 'x'.repeat(5 * 1024 * 1024) }), headers: auth })).status).toBe(413);
    expect((await raw(ana, { mutations: [{ ...note(nextId + 1), name: 'dropTable' }] })).status).toBe(400);
    expect((await raw(ana, { clientId: bob.device, mutations: [note(nextId + 1)] })).status).toBe(403);
    expect((await raw(ana, { userId: bob.userId, mutations: [note(nextId + 1)] })).status).toBe(403);
    expect((await raw(ana, { mutations: [note(nextId + 5)] })).status).toBe(409);
    expect((await raw(ana, { mutations: [{ id: 'x' }] })).status).toBe(400);
    expect(await refusals()).toBe(before + 7);
    const last = await queryRows<{ actor: string; payload: string }>(server.admin.db, sql`select actor, payload from audit_log order by seq desc limit 1`);
    expect(last[0]?.actor).toBe('ana');
    expect(JSON.parse(last[0]!.payload)).toMatchObject({ status: 400, clientId: ana.device, userId: ana.userId });
    // Anonymous requests are turned away before their body is read, and not written to the log.
    expect((await server.api('/api/v1/sync/push', { json: { clientId: ana.device } })).status).toBe(401);
    expect(await refusals()).toBe(before + 7);
  });

  it.skipIf(b.skip)('pharos-server audit verify: a summary and exit 0, then exit 1 naming the first altered, removed or forged entry', async () => {
    await push(bob, [note(1, 'bob'), note(2, 'bob')]);
    await server.close();
    const env = process.env.DATABASE_URL;
    if (server.dbUrl) process.env.DATABASE_URL = server.dbUrl;
    else delete process.env.DATABASE_URL;
    const run = async () => {
      const out: string[] = [];
      const cli: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), readPassword: async () => null };
      return { code: await main(['audit', 'verify', '--data', server.dataDir], cli), text: out.join('') };
    };
    const tamper = async (q: ReturnType<typeof sql>) => {
      const opened = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.dbUrl ?? undefined });
      try {
        await opened.db.execute(q);
      } finally {
        await opened.close();
      }
    };
    try {
      const ok = await run();
      expect(ok.code).toBe(0);
      expect(ok.text).toMatch(/Journal d’audit intact : \d+ entrée\(s\) du serveur, 2 poste\(s\)/);
      expect(ok.text).toContain('Audit log intact');
      expect(ok.text).toContain(ana.device);

      await tamper(sql`update audit_log set payload = replace(payload, '"status":"applied"', '"status":"rejected"') where seq = 2`);
      const payload = await run();
      expect(payload.code).toBe(1);
      expect(payload.text).toMatch(/entrée n° 2 \(payload\)/);
      await tamper(sql`update audit_log set payload = replace(payload, '"status":"rejected"', '"status":"applied"') where seq = 2`);
      expect((await run()).code).toBe(0);

      await tamper(sql`update audit_device_entries set actor = 'mallory' where device = ${bob.device} and seq = 1`);
      const actor = await run();
      expect(actor.code).toBe(1);
      expect(actor.text).toContain(`device log ${bob.device}, entry #1`);
      await tamper(sql`update audit_device_entries set actor = 'bob' where device = ${bob.device} and seq = 1`);

      // Rewritten and re-hashed from its first entry on: consistent in itself, but not what the server's chain recorded.
      const opened = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.dbUrl ?? undefined });
      try {
        const rows = await queryRows<AuditEntry & { prev_hash: string; payload_hash: string; seq: string }>(opened.db, sql`select * from audit_device_entries where device = ${bob.device} order by seq`);
        let h: { seq: number; hash: string } | null = null;
        for (const r of rows) {
          const e = linkEntry(sha256, h, { actor: Number(r.seq) === 1 ? 'mallory' : r.actor, device: bob.device, at: r.at, action: r.action, payloadHash: r.payload_hash });
          await opened.db.execute(sql`update audit_device_entries set actor = ${e.actor}, prev_hash = ${e.prevHash}, hash = ${e.hash} where device = ${bob.device} and seq = ${e.seq}`);
          h = { seq: e.seq, hash: e.hash };
        }
      } finally {
        await opened.close();
      }
      const rewritten = await run();
      expect(rewritten.code).toBe(1);
      expect(rewritten.text).toContain(`device log ${bob.device}, entry #1: no longer the device entry the server log recorded`);

      await tamper(sql`delete from audit_log where seq = 3`);
      const removed = await run();
      expect(removed.code).toBe(1);
      expect(removed.text).toMatch(/entrée n° 4 \(seq\)/);
    } finally {
      if (env === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = env;
      server = await server.restart();
    }
    // Opens the stopped server's database seven times (PGlite: a few seconds each on a busy machine).
  }, 180_000);
});
