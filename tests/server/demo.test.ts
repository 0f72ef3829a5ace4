import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_OFFENCES, CATEGORIES, DecisionSchema, ROLES, SOURCES, fourEyesProblem, proposalProblem, serviceKindsFor, type Category, type Decision, type ReportStatus } from '@shared';
import { missingDecisionSteps } from '@shared/workflow/completeness';
import { queryRows } from '../../src/server/db/rows';
import { backends, newDevice, enrol, proof, startTestServer, warnIfSkipped, type TestServer } from './helpers';

const counts = async (s: TestServer) => {
  const [row] = await queryRows<{ reports: string; users: string; keys: string }>(
    s.admin.db,
    sql`select (select count(*) from reports) as reports, (select count(*) from users) as users, (select count(*) from api_keys) as keys`,
  );
  return { reports: Number(row?.reports), users: Number(row?.users), keys: Number(row?.keys) };
};

type WorkedRow = { id: string; reference: string; status: ReportStatus; category: Category; claimed_by: string | null; version: string; decision: Decision | null };
const worked = (s: TestServer) =>
  queryRows<WorkedRow>(s.admin.db, sql`select id, reference, status, category, claimed_by, version, decision from reports
    where status in ('decision_proposed', 'decided', 'transmitted') order by reference`);

/** Every worked report carries a decision the workflow would accept: its three steps, coherent, into the directory. */
async function expectComplete(s: TestServer, rows: readonly WorkedRow[]) {
  const services = new Map((await queryRows<{ id: string; kind: string; active: boolean }>(s.admin.db, sql`select id, kind, active from directory_services`)).map((r) => [r.id, r]));
  const builtin = new Set(BUILTIN_OFFENCES.map((o) => o.id));
  for (const r of rows) {
    const d = DecisionSchema.parse(r.decision);
    expect(missingDecisionSteps(d), r.reference).toEqual([]);
    expect(proposalProblem(d, r.category), r.reference).toBeNull();
    expect(d.verification?.comment?.length, r.reference).toBeGreaterThan(10);
    if (d.qualification?.kind === 'offences') expect(d.qualification.offences.every((o) => builtin.has(o.id)), r.reference).toBe(true);
    else expect(d.qualification?.kind === 'no_offence' && d.qualification.reason.length > 10, r.reference).toBe(true);
    const o = d.orientation;
    if (o?.serviceId) expect(services.get(o.serviceId), `${r.reference} ${o.serviceId}`).toMatchObject({ active: true, kind: expect.toBeOneOf([...(serviceKindsFor(o.outcome) ?? [])]) });
    // Written by the analyst holding it, so the demo supervisor may review it (four-eyes).
    expect(d.proposal?.by, r.reference).toBe(r.claimed_by);
    if (r.status === 'decision_proposed') expect(fourEyesProblem(d, r.claimed_by, 'superviseur'), r.reference).toBeNull();
    else expect(d.review, r.reference).toMatchObject({ verdict: 'approved', by: 'superviseur' });
  }
}

describe.each(backends())('demo mode on $name', (b) => {
  warnIfSkipped(b, 'demo');
  let server: TestServer;

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b, { demo: true });
  });
  afterAll(async () => server?.destroy());

  it.skipIf(b.skip)('seeds one account per role, an enrolment code, an API key and ~200 varied reports', async () => {
    const demo = server.demo;
    expect(demo?.accounts.map((a) => a.role).sort()).toEqual([...ROLES].sort());
    expect(demo?.enrolmentCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(demo?.demoWebUrl).toBe(`https://localhost:${server.port}/demo-web/`);
    const rows = await queryRows<{ category: string; source: string; clustered: boolean; contact: boolean; url: string }>(
      server.admin.db,
      sql`select category, source, cluster_id is not null as clustered, reporter ? 'email' as contact, urls->>0 as url from reports`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(SOURCES));
    expect(new Set(rows.map((r) => r.category)).size).toBeGreaterThanOrEqual(CATEGORIES.length - 1);
    expect(rows.some((r) => r.clustered)).toBe(true);
    expect(rows.some((r) => r.contact)).toBe(true);
    expect(rows.every((r) => r.url.startsWith(`https://localhost:${server.port}/demo-web/`))).toBe(true);
  });

  it.skipIf(b.skip)('seeds every proposal complete: verified with a reason, qualified with built-in offences, oriented to a service of the directory', async () => {
    const rows = await worked(server);
    expect(rows.filter((r) => r.status === 'decision_proposed').length).toBeGreaterThanOrEqual(10);
    await expectComplete(server, rows);
    const outcomes = new Set(rows.map((r) => r.decision?.orientation?.outcome));
    expect(outcomes).toEqual(new Set(['central_office', 'territorial_service', 'close_no_offence']));
    const [history] = await queryRows<{ actions: string[] }>(server.admin.db, sql`select array_agg(action order by at) as actions from report_events where report_id = ${rows[0]?.id ?? ''}`);
    expect(history?.actions.slice(0, 6)).toEqual(['receive', 'claim', 'verify', 'qualify', 'orient', 'propose']);
  });

  it.skipIf(b.skip)('holds the built-in taxonomy and the NATINF subset read in place from ../shared', async () => {
    const rows = await queryRows<{ source: string; n: number }>(server.admin.db, sql`select source, count(*)::int as n from catalog_offences group by source`);
    expect(Object.fromEntries(rows.map((r) => [r.source, r.n]))).toEqual({ builtin: BUILTIN_OFFENCES.length, natinf: 100 });
    const [apology] = await queryRows<{ label: string }>(server.admin.db, sql`select label from catalog_offences where natinf = '30736'`);
    expect(apology?.label).toContain("APOLOGIE PUBLIQUE D'UN ACTE DE TERRORISME");
  });

  it.skipIf(b.skip)('serves every page the demo reports point to, with no external resource', async () => {
    const rows = await queryRows<{ url: string }>(server.admin.db, sql`select distinct urls->>0 as url from reports`);
    const paths = [...new Set(rows.map((r) => new URL(r.url).pathname))];
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const res = await server.api(path);
      expect([200, 301, 302], path).toContain(res.status);
      expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\/(?!localhost)/);
    }
    expect((await server.api('/demo-web/redirection')).headers.get('location')).toBe('/demo-web/redirection/etape-2');
    expect((await server.api('/demo-web/longue-page')).text).toContain('loading="lazy"');
    expect((await server.api('/demo-web/img/produit-3.svg')).headers.get('content-type')).toContain('image/svg+xml');
  });

  it.skipIf(b.skip)('lets the demo accounts log in', async () => {
    const device = newDevice();
    expect((await enrol(server, device, server.demo?.enrolmentCode)).status).toBe(201);
    const account = server.demo?.accounts.find((a) => a.role === 'analyst');
    if (!account) throw new Error('no demo analyst');
    const res = await server.api('/api/v1/auth/login', { json: { username: account.username, password: account.password, ...proof(device, 'login', account.username) } });
    expect(res.status).toBe(200);
  });

  it.skipIf(b.skip)('is idempotent across restarts, with a fresh enrolment code', async () => {
    const before = await counts(server);
    const code = server.demo?.enrolmentCode;
    server = await server.restart();
    expect(await counts(server)).toEqual(before);
    expect(server.demo?.enrolmentCode).not.toBe(code);
    const key = server.demo?.apiKey ?? '';
    const res = await server.api('/api/v1/reports', { json: { urls: ['https://exemple.fr/x'], category: 'scam', description: 'Signalement par la clé de démonstration.' }, headers: { 'x-api-key': key } });
    expect(res.status).toBe(201);
  });

  it.skipIf(b.skip)('completes, at the next start, the empty proposals of a demo data set seeded before', async () => {
    const before = await worked(server);
    const emptied = before.slice(0, 5);
    for (const r of emptied) await server.admin.db.execute(sql`update reports set decision = null, version = nextval('report_version_seq') where id = ${r.id}`);
    const [touched] = before.slice(5);
    const commented = { ...(touched?.decision as Decision), verification: null };
    await server.admin.db.execute(sql`update reports set decision = ${JSON.stringify(commented)}::jsonb where id = ${touched?.id ?? ''}`);
    const emptiedAt = new Map((await worked(server)).map((r) => [r.id, Number(r.version)]));
    server = await server.restart();
    const after = await worked(server);
    await expectComplete(server, after.filter((r) => r.id !== touched?.id));
    for (const r of emptied) expect(Number(after.find((a) => a.id === r.id)?.version)).toBeGreaterThan(emptiedAt.get(r.id) ?? Infinity);
    // Someone's own work (here a step recorded by hand) is never overwritten.
    expect(after.find((a) => a.id === touched?.id)?.decision?.verification).toBeNull();
  });
});
