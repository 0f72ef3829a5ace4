import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryResponseSchema, PullResponseSchema, ReportSchema, type DirectoryResponse } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { upsertService } from '../../../src/server/review';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { officer, prepare, pushOne, rowOf, versionOf, type Officer } from './workflow-fixture';

const offences = { kind: 'offences', offences: [{ id: 'ter-1', natinf: null, label: 'Apologie du terrorisme (art. 421-2-5 C. pén.)' }] };
const orientation = (o: Record<string, unknown> = {}) => ({ outcome: 'interpol', serviceId: 'interpol', justification: 'Auteur et hébergeur à l’étranger.', urgency: 'urgent', attachments: [], duplicateOf: null, ...o });

describe.each(backends())('decision workflow on the server ($name)', (b) => {
  warnIfSkipped(b, 'decision workflow');
  let server: TestServer;
  let ana: Officer;
  let sup: Officer;
  let sup2: Officer;
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    ana = await officer(server, 'ana', 'analyst');
    sup = await officer(server, 'sup', 'supervisor');
    sup2 = await officer(server, 'sup2', 'supervisor');
  });
  afterAll(async () => server?.destroy());

  const pull = async (who: Officer) => {
    const res = await server.api('/api/v1/sync/pull', { json: { cursor: null, limit: 5000 }, headers: { authorization: `Bearer ${who.accessToken}` } });
    return PullResponseSchema.parse(res.body);
  };

  it.skipIf(b.skip)('an analyst’s offline sequence goes to review; the supervisor approves; the decision is in everyone’s feed', async () => {
    const r = await prepare(server, { status: 'received' });
    for (const [name, args] of [
      ['claim', {}],
      ['setVerification', { outcome: 'present', captureIds: ['cap-7'] }],
      ['qualify', { qualification: offences }],
      ['orient', { orientation: orientation() }],
      ['propose', {}],
    ] as const) {
      // Every mutation is based on the version the analyst saw before going offline: their own changes do not conflict.
      expect(await pushOne(server, ana, name, { reportId: r.id, baseVersion: r.version, ...args })).toMatchObject({ status: 'applied' });
    }
    expect(await rowOf(server, r.id)).toMatchObject({ status: 'decision_proposed', claimed_by: 'ana', lease_until: null });
    const v = await versionOf(server, r.id);
    expect(await pushOne(server, ana, 'approve', { reportId: r.id, baseVersion: v })).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden' } });
    expect(await pushOne(server, sup, 'approve', { reportId: r.id, baseVersion: v, comment: 'Transmission validée.' })).toMatchObject({ status: 'applied' });
    const row = await rowOf(server, r.id);
    expect(row?.status).toBe('decided');
    expect(row?.decision).toMatchObject({ verification: { outcome: 'present', captureIds: ['cap-7'] }, orientation: { outcome: 'interpol' }, review: { verdict: 'approved', by: 'sup' } });
    for (const who of [ana, sup]) {
      const change = (await pull(who)).changes.find((c) => c.op === 'put' && c.report.id === r.id);
      expect(change?.op === 'put' ? ReportSchema.parse(change.report).decision?.review?.verdict : null).toBe('approved');
    }
    const events = await queryRows<{ action: string }>(server.admin.db, sql`select action from report_events where report_id = ${r.id} order by at, id`);
    expect(events.map((e) => e.action)).toEqual(['receive', 'claim', 'verify', 'qualify', 'orient', 'propose', 'approve']);
  });

  it.skipIf(b.skip)('four-eyes: a supervisor’s own transmission abroad needs another supervisor', async () => {
    const r = await prepare(server, { status: 'received' });
    for (const [name, args] of [['claim', {}], ['setVerification', { outcome: 'present' }], ['qualify', { qualification: offences }], ['orient', { orientation: orientation() }], ['propose', {}]] as const) {
      expect(await pushOne(server, sup, name, { reportId: r.id, baseVersion: r.version, ...args })).toMatchObject({ status: 'applied' });
    }
    const v = await versionOf(server, r.id);
    const own = await pushOne(server, sup, 'approve', { reportId: r.id, baseVersion: v });
    expect(own).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden', message: expect.stringContaining('quatre yeux') } });
    expect((await rowOf(server, r.id))?.status).toBe('decision_proposed');
    expect(await pushOne(server, sup2, 'approve', { reportId: r.id, baseVersion: v })).toMatchObject({ status: 'applied' });
  });

  it.skipIf(b.skip)('a review based on a stale version becomes a competing decision, not an overwrite', async () => {
    const r = await prepare(server, { status: 'received' });
    for (const [name, args] of [['claim', {}], ['setVerification', { outcome: 'present' }], ['qualify', { qualification: offences }], ['orient', { orientation: orientation() }], ['propose', {}]] as const) {
      await pushOne(server, ana, name, { reportId: r.id, baseVersion: r.version, ...args });
    }
    const v = await versionOf(server, r.id);
    // The analyst adds to the thread after both supervisors opened the proposal.
    expect(await pushOne(server, ana, 'comment', { reportId: r.id, text: 'Capture jointe ajoutée.' })).toMatchObject({ status: 'applied' });
    expect(await pushOne(server, sup2, 'approve', { reportId: r.id, baseVersion: v })).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    const competing = await queryRows<{ name: string; actor: string }>(server.admin.db, sql`select name, actor from competing_decisions where report_id = ${r.id}`);
    expect(competing).toEqual([{ name: 'approve', actor: 'sup2' }]);
    expect((await rowOf(server, r.id))?.status).toBe('decision_proposed');
    // Returned meanwhile: a review of a proposal no longer pending is refused as such.
    const fresh = await versionOf(server, r.id);
    expect(await pushOne(server, sup, 'returnToAnalyst', { reportId: r.id, baseVersion: fresh, comment: 'Préciser la qualification.' })).toMatchObject({ status: 'applied' });
    expect(await pushOne(server, sup2, 'approve', { reportId: r.id, baseVersion: fresh })).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    expect((await rowOf(server, r.id))?.decision?.comments).toMatchObject([
      { kind: 'comment', by: 'ana', text: 'Capture jointe ajoutée.' },
      { kind: 'return', by: 'sup', text: 'Préciser la qualification.' },
    ]);
  });

  it.skipIf(b.skip)('refuses an incomplete proposal, and the approval of an incomplete one, naming the missing steps', async () => {
    const r = await prepare(server, { status: 'received' });
    for (const [name, args] of [['claim', {}], ['qualify', { qualification: offences }], ['orient', { orientation: orientation() }]] as const) {
      expect(await pushOne(server, ana, name, { reportId: r.id, baseVersion: r.version, ...args })).toMatchObject({ status: 'applied' });
    }
    const unverified = await pushOne(server, ana, 'propose', { reportId: r.id, baseVersion: r.version });
    expect(unverified).toMatchObject({ status: 'rejected', reason: { kind: 'validation', message: 'Proposition incomplète : Il manque la vérification du contenu.' } });
    expect((await rowOf(server, r.id))?.status).toBe('in_progress');
    // A proposal left empty (recorded before the rule): the supervisor cannot approve it, only return it.
    const empty = await prepare(server, { status: 'decision_proposed', claimedBy: 'ana', decision: { proposal: { by: 'ana', at: '2026-03-01T10:00:00.000Z' } } });
    const approval = await pushOne(server, sup, 'approve', { reportId: empty.id, baseVersion: empty.version });
    expect(approval).toMatchObject({ status: 'rejected', reason: { kind: 'validation' } });
    expect(approval.status === 'rejected' ? approval.reason.message : '').toContain('Il manque la vérification du contenu, la qualification juridique et l’orientation');
    expect(await rowOf(server, empty.id)).toMatchObject({ status: 'decision_proposed', decision: { review: null } });
    expect(await pushOne(server, sup, 'returnToAnalyst', { reportId: empty.id, baseVersion: empty.version, comment: 'Vérification, qualification et orientation à faire.' })).toMatchObject({ status: 'applied' });
    // "No offence": a verified, no-offence qualification closed as such goes to review and is approved.
    const lawful = await prepare(server, { status: 'received' });
    for (const [name, args] of [
      ['claim', {}],
      ['setVerification', { outcome: 'present', comment: 'Contenu en ligne.' }],
      ['qualify', { qualification: { kind: 'no_offence', reason: 'Propos choquants mais licites.' } }],
      ['orient', { orientation: orientation({ outcome: 'close_no_offence', serviceId: null }) }],
      ['propose', {}],
    ] as const) {
      expect(await pushOne(server, ana, name, { reportId: lawful.id, baseVersion: lawful.version, ...args }), name).toMatchObject({ status: 'applied' });
    }
    expect(await pushOne(server, sup, 'approve', { reportId: lawful.id, baseVersion: await versionOf(server, lawful.id) })).toMatchObject({ status: 'applied' });
  });

  it.skipIf(b.skip)('checks orientations against the server’s directory and administrative orders against the category', async () => {
    const r = await prepare(server, { status: 'in_progress', claimedBy: 'ana', category: 'scam' });
    const unknown = await pushOne(server, ana, 'orient', { reportId: r.id, baseVersion: r.version, orientation: orientation({ outcome: 'central_office', serviceId: 'bureau-imaginaire' }) });
    expect(unknown).toMatchObject({ status: 'rejected', reason: { kind: 'validation', message: expect.stringContaining('inconnu') } });
    const order = await pushOne(server, ana, 'orient', { reportId: r.id, baseVersion: r.version, orientation: orientation({ outcome: 'administrative_removal', serviceId: null }) });
    expect(order).toMatchObject({ status: 'rejected', reason: { kind: 'validation' } });
    expect((await rowOf(server, r.id))?.decision).toBeNull();
  });

  it.skipIf(b.skip)('closes an out-of-scope report at once, with the redirection in the synced document', async () => {
    const r = await prepare(server, { status: 'in_progress', claimedBy: 'ana' });
    expect(await pushOne(server, ana, 'screenOut', { reportId: r.id, baseVersion: r.version, case: 'emergency' })).toMatchObject({ status: 'applied' });
    const row = await rowOf(server, r.id);
    expect(row?.status).toBe('decided');
    const doc = ReportSchema.parse(JSON.parse(`${row?.sync_doc ?? ''},"reporter":null}`));
    expect(doc.decision?.screening?.redirection).toContain('17');
  });

  it.skipIf(b.skip)('serves the directory: every département, central offices, international channels; nothing when current', async () => {
    const get = async (q = '') => server.api<DirectoryResponse>(`/api/v1/directory${q}`, { headers: { authorization: `Bearer ${ana.accessToken}` } });
    expect((await server.api('/api/v1/directory')).status).toBe(401);
    const dir = DirectoryResponseSchema.parse((await get()).body);
    const services = dir.services ?? [];
    expect(services.filter((s) => s.kind === 'territorial_police')).toHaveLength(101);
    expect(services.filter((s) => s.kind === 'territorial_gendarmerie')).toHaveLength(101);
    expect(services.map((s) => s.id)).toEqual(expect.arrayContaining(['ofac', 'oclctic', 'sdat', 'ocrvp', 'ofmin', 'interpol', 'europol-ec3', 'platform-meta']));
    expect(JSON.stringify(services)).not.toMatch(/@|\+33|\b0[1-9](?:[ .]?\d{2}){4}\b/);
    expect((await get(`?since=${dir.version}`)).body.services).toBeNull();
    const next = await upsertService(server.admin.db, { id: 'platform-exemple', kind: 'foreign_platform', name: 'Plateforme exemple', departement: null, country: 'CA', categories: [], channel: null, notes: null, active: true });
    const changed = (await get(`?since=${dir.version}`)).body;
    expect(changed.version).toBe(next);
    expect(changed.services?.some((s) => s.id === 'platform-exemple')).toBe(true);
  });
});
