import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema, type PushResponse, type PushedMutation } from '@shared';
import { main, type CliIo } from '../../../src/server/cli';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain } from './device-chain';

type Who = { accessToken: string; deviceId: string; userId: string; chain: ReturnType<typeof deviceChain> };
type Res = { status: number; body: PushResponse & { error?: { kind: string; message: string } } };

/**
 * Text PostgreSQL cannot store, pushed inside a mutation's arguments: the mutation alone is rejected
 * and recorded, the ones after it go through (before, the chunk failed with a database error, 500, on
 * every retry: the device's outbox was blocked for good). Elsewhere in a push: a 400, recorded.
 */
describe.each(backends())('push of unstorable text on $name', (b) => {
  warnIfSkipped(b, 'push text');
  let server: TestServer;
  let ana: Who;
  let n = 0;

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    const s = await session(server, 'ana', 'analyst');
    ana = { accessToken: s.accessToken, deviceId: s.device.deviceId, userId: s.user.id, chain: deviceChain(s.user.username, s.device.deviceId) };
  });
  afterAll(async () => server?.destroy());

  const push = async (raw: PushedMutation[], over: Record<string, unknown> = {}): Promise<Res> => {
    const { mutations, audit, fresh } = ana.chain.attach(raw);
    const res = await server.api<Res['body']>('/api/v1/sync/push', {
      json: { clientId: ana.deviceId, userId: ana.userId, mutations, audit, ...over },
      headers: { authorization: `Bearer ${ana.accessToken}` },
    });
    if (res.status === 200) ana.chain.confirm(fresh);
    return res;
  };
  const m = (name: string, args: unknown): PushedMutation => ({ id: ++n, name, args, createdAt: new Date().toISOString() });
  const newReport = async (): Promise<string> =>
    (await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Faux site de vente en ligne.' }, { source: 'public' })).id;
  const count = async (table: string): Promise<number> => Number((await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from ${sql.identifier(table)}`))[0]?.n);

  it.skipIf(b.skip)('rejects the malformed mutations alone, records them, applies the ones after them, and the audit log still verifies', async () => {
    const report = await newReport();
    const nul = { reportId: report, text: 'avant\u0000après' };
    const batch = [
      m('note', { reportId: report, text: 'première note' }),
      m('note', nul),
      m('note', { reportId: report, text: 'moitié \uD800 seule' }),
      m('note', { reportId: report, text: 'clé invalide', '\u0000': 1 }),
      m('note', { reportId: report, text: 'dernière note' }),
      m('claim', { reportId: report, baseVersion: 0 }),
    ];
    const res = await push(batch);
    expect(res.status).toBe(200);
    expect(res.body.lastMutationId).toBe(n);
    expect(res.body.outcomes.map((o) => o.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied', 'applied']);
    const reasons = res.body.outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(reasons.every((r) => r.kind === 'validation')).toBe(true);
    expect(reasons[0]?.message).toContain('caractère nul (U+0000) à la position 6');
    expect(reasons[1]?.message).toContain('U+D800');
    expect(reasons[2]?.message).toContain('nom de champ');

    const notes = await queryRows<{ detail: string }>(server.admin.db, sql`select detail from report_events where report_id = ${report} and action = 'note' order by at`);
    expect(notes.map((e) => e.detail)).toEqual(['première note', 'dernière note']);
    // The mutation log keeps the refused arguments as their JSON text: the exact arguments the device's entry hashed.
    const logged = await queryRows<{ mutation_id: string; status: string; args: { unstorableJson?: string } }>(
      server.admin.db,
      sql`select mutation_id, status, args from sync_mutations where client_id = ${ana.deviceId} and mutation_id = ${batch[1]?.id}`,
    );
    expect(logged[0]?.status).toBe('rejected');
    expect(JSON.parse(logged[0]?.args.unstorableJson ?? 'null')).toEqual(nul);
    const audited = await queryRows<{ payload: string }>(server.admin.db, sql`select payload from audit_log where action = 'mutation.rejected' order by seq`);
    const rejected = audited.map((a) => JSON.parse(a.payload) as { mutationId: number; deviceEntry: { seq: number } | null });
    expect(rejected.map((p) => p.mutationId)).toEqual([batch[1]?.id, batch[2]?.id, batch[3]?.id]);
    expect(rejected.every((p) => p.deviceEntry !== null)).toBe(true);

    // The workstation learns of the refusals by pull too, and its next change goes through.
    const pull = await server.api('/api/v1/sync/pull', { json: { cursor: null, limit: 1, lastMutationId: 0 }, headers: { authorization: `Bearer ${ana.accessToken}` } });
    expect(PullResponseSchema.parse(pull.body).rejections?.map((r) => r.id)).toEqual([batch[1]?.id, batch[2]?.id, batch[3]?.id]);
    const after = await push([m('note', { reportId: report, text: 'la suite passe' })]);
    expect(after.body.outcomes).toEqual([{ id: n, status: 'applied' }]);
  });

  it.skipIf(b.skip)('refuses with 400, and records, unstorable text outside the arguments', async () => {
    const report = await newReport();
    const refusals = await count('sync_refusals');
    const mutations = await count('sync_mutations');
    const id = n + 1;
    const byName = await server.api<Res['body']>('/api/v1/sync/push', {
      json: { clientId: ana.deviceId, userId: ana.userId, mutations: [{ id, name: 'no\u0000te', args: { reportId: report, text: 'x' }, createdAt: new Date().toISOString() }] },
      headers: { authorization: `Bearer ${ana.accessToken}` },
    });
    expect(byName.status).toBe(400);
    expect(byName.body.error?.message).toContain('U+0000');
    // A key the audit entry's strict schema names in its message: the refusal is still recorded.
    const { mutations: withSeq, audit } = ana.chain.attach([{ id, name: 'note', args: { reportId: report, text: 'x' }, createdAt: new Date().toISOString() }]);
    const byKey = await push(withSeq, { audit: audit.map((e) => ({ ...e, ['\uDC00\u0000']: 1 })) });
    expect(byKey.status).toBe(400);
    const byClient = await push(withSeq, { clientId: `${ana.deviceId}\u0000` });
    expect(byClient.status).toBe(400);
    expect(await count('sync_refusals')).toBe(refusals + 3);
    expect(await count('sync_mutations')).toBe(mutations);
    const last = await queryRows<{ payload: string }>(server.admin.db, sql`select payload from audit_log where action = 'push.refused' order by seq desc limit 1`);
    expect(JSON.parse(last[0]?.payload ?? '{}')).toMatchObject({ status: 400, userId: ana.userId });
  });

  it.skipIf(b.skip)('refuses with 400, and records, arguments nested deeper than any mutation (their hash would exhaust the stack)', async () => {
    const refusals = await count('sync_refusals');
    const { mutations, audit } = ana.chain.attach([{ id: n + 1, name: 'note', args: { reportId: randomUUID(), text: 'x' }, createdAt: new Date().toISOString() }]);
    const text = JSON.stringify({ clientId: ana.deviceId, userId: ana.userId, mutations, audit }).replace('"text":"x"', `"text":${'['.repeat(20_000)}0${']'.repeat(20_000)}`);
    const res = await server.api<Res['body']>('/api/v1/sync/push', { body: text, headers: { authorization: `Bearer ${ana.accessToken}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain('imbriqués');
    expect(await count('sync_refusals')).toBe(refusals + 1);
  });

  it.skipIf(b.skip)('pharos-server audit verify passes after the refusals', async () => {
    await server.close();
    const env = process.env.DATABASE_URL;
    if (server.dbUrl) process.env.DATABASE_URL = server.dbUrl;
    else delete process.env.DATABASE_URL;
    try {
      const out: string[] = [];
      const cli: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), readPassword: async () => null };
      const code = await main(['audit', 'verify', '--data', server.dataDir], cli);
      expect(out.join('')).toContain('Journal d’audit intact');
      expect(code).toBe(0);
    } finally {
      if (env === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = env;
    }
  });
});
