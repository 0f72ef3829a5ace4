import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES, PullResponseSchema, type PullResponse } from '@shared';
import { queryRows } from '../../src/server/db/rows';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from './helpers';

const TOTAL = 230;

describe.each(backends())('sync pull on $name', (b) => {
  warnIfSkipped(b, 'sync');
  let server: TestServer;
  const tokens: Record<'chef' | 'ana' | 'cp', string> = { chef: '', ana: '', cp: '' };

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    tokens.chef = (await session(server, 'chef', 'supervisor')).accessToken;
    tokens.ana = (await session(server, 'ana', 'analyst')).accessToken;
    tokens.cp = (await session(server, 'cp', 'cyberpatrol')).accessToken;
    await server.admin.seedSynthetic(TOTAL, { analysts: ['ana', 'autre'], cyberpatrols: ['cp'], batchSize: 100 });
  });
  afterAll(async () => server?.destroy());

  const pull = (who: keyof typeof tokens, body: unknown) =>
    server.api<PullResponse & { error?: { kind: string } }>('/api/v1/sync/pull', { json: body, headers: { authorization: `Bearer ${tokens[who]}` } });

  async function pullAll(who: keyof typeof tokens, limit: number, cursor: string | null = null) {
    const pages: PullResponse[] = [];
    for (;;) {
      const res = await pull(who, { cursor, limit });
      expect(res.status).toBe(200);
      const page = PullResponseSchema.parse(res.body);
      pages.push(page);
      cursor = page.cursor;
      if (!page.hasMore) return { pages, cursor };
    }
  }

  it.skipIf(b.skip)('pages through every report exactly once, in version order, with events', async () => {
    const { pages } = await pullAll('chef', 40);
    const changes = pages.flatMap((p) => p.changes);
    const ids = changes.map((c) => (c.op === 'put' ? c.report.id : c.id));
    expect(ids.length).toBe(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(pages.length).toBe(Math.ceil(TOTAL / 40));
    expect(pages.map((p) => p.remaining)).toEqual(pages.map((_p, i) => Math.max(0, TOTAL - 40 * (i + 1))));
    const versions = changes.map((c) => (c.op === 'put' ? c.report.version : 0));
    expect([...versions].sort((x, y) => x - y)).toEqual(versions);
    const first = changes[0];
    expect(first?.op === 'put' && first.report.events[0]?.action).toBe('receive');
    expect(pages[0]?.lastMutationId).toBe(0);
  });

  it.skipIf(b.skip)('resumes from a cursor with only what changed since', async () => {
    const { cursor } = await pullAll('chef', 500);
    const empty = await pull('chef', { cursor });
    expect(empty.body.changes).toEqual([]);
    expect(empty.body.hasMore).toBe(false);
    const key = await server.admin.createApiKey({ organisation: 'Service de l’État', source: 'state' });
    const created = await server.api<{ id: string }>('/api/v1/reports', {
      json: { urls: ['https://exemple.fr/nouveau'], category: 'terrorism', description: 'Apologie du terrorisme sur une page publique.', reporter: { name: 'Agent', email: 'agent@exemple.fr' } },
      headers: { 'x-api-key': key },
    });
    const next = await pull('chef', { cursor });
    expect(next.body.changes.map((c) => (c.op === 'put' ? c.report.id : c.id))).toEqual([created.body.id]);
    const put = next.body.changes[0];
    expect(put?.op === 'put' && put.report).toMatchObject({ source: 'state', priority: 100, status: 'received', reporter: { organisation: 'Service de l’État' } });
    expect(put?.op === 'put' && put.report.events.map((e) => [e.action, e.actor, e.toStatus])).toEqual([['receive', 'org:Service de l’État', 'received']]);
  });

  it.skipIf(b.skip)('rejects a malformed cursor, a missing token and a forged token', async () => {
    expect((await pull('chef', { cursor: 'pas-un-curseur' })).status).toBe(400);
    expect((await pull('chef', { cursor: Buffer.from('v2:1:1').toString('base64url') })).status).toBe(400);
    expect((await pull('chef', { cursor: null, limit: 0 })).status).toBe(400);
    expect((await server.api('/api/v1/sync/pull', { json: { cursor: null } })).status).toBe(401);
    const forged = `${tokens.chef.split('.')[0]}.AAAA`;
    expect((await server.api('/api/v1/sync/pull', { json: { cursor: null }, headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
  });

  it.skipIf(b.skip)('scopes an analyst to the open queue and their own reports, with contacts', async () => {
    const { pages } = await pullAll('ana', 1000);
    const changes = pages.flatMap((p) => p.changes);
    expect(changes.every((c) => c.op === 'put')).toBe(true);
    const reports = changes.flatMap((c) => (c.op === 'put' ? [c.report] : []));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThan(TOTAL + 1);
    for (const r of reports) expect(OPEN_STATUSES.includes(r.status) || r.claimedBy === 'ana' || r.assignedTo === 'ana').toBe(true);
    expect(reports.some((r) => r.reporter?.email)).toBe(true);
  });

  it.skipIf(b.skip)('scopes cyberpatrol to assigned reports and hides reporter contacts', async () => {
    const { pages } = await pullAll('cp', 1000);
    const reports = pages.flatMap((p) => p.changes).flatMap((c) => (c.op === 'put' ? [c.report] : []));
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) {
      expect(r.assignedTo).toBe('cp');
      expect(r.reporter).toBeNull();
    }
  });

  it.skipIf(b.skip)('sends a del when a report leaves the analyst’s scope', async () => {
    const { cursor } = await pullAll('ana', 1000);
    const [target] = await queryRows<{ id: string }>(
      server.admin.db,
      sql`select id from reports where status = 'received' and claimed_by is null and assigned_to is null limit 1`,
    );
    const id = target?.id as string;
    await server.admin.db.execute(
      sql`update reports set status = 'decided', claimed_by = 'autre', version = nextval('report_version_seq') where id = ${id}`,
    );
    const ana = await pull('ana', { cursor });
    expect(ana.body.changes).toEqual([{ op: 'del', id }]);
    const chef = await pullAll('chef', 1000);
    const seen = chef.pages.flatMap((p) => p.changes).find((c) => c.op === 'put' && c.report.id === id);
    expect(seen?.op === 'put' && seen.report.status).toBe('decided');
  });
});
