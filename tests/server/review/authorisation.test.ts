import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATION_NAMES, ROLES, type MutationName, type Role } from '@shared';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { QUALIFIED, SENT_REQUEST_ID, approvedFor, officer, prepare, proposedBy, pushOne, rowOf, versionOf, withPreservation, type Officer, type Prepared } from './workflow-fixture';

/**
 * The authorisation matrix, run against the real server: each role pushes each mutation on a report in
 * the state where only the role can make it fail. Written out independently of the implementation.
 */
const ALLOWED: Record<MutationName, readonly Role[]> = {
  claim: ['analyst', 'supervisor'],
  release: ['analyst', 'supervisor'],
  note: ['analyst', 'supervisor', 'cyberpatrol'],
  setVerification: ['analyst', 'supervisor'],
  qualify: ['analyst', 'supervisor'],
  orient: ['analyst', 'supervisor'],
  screenOut: ['analyst', 'supervisor'],
  propose: ['analyst', 'supervisor'],
  approve: ['supervisor'],
  returnToAnalyst: ['supervisor'],
  resume: ['analyst', 'supervisor'],
  comment: ['analyst', 'supervisor'],
  recordCapture: ['analyst', 'supervisor', 'cyberpatrol'],
  requestPreservation: ['analyst', 'supervisor'],
  setPreservationStatus: ['analyst', 'supervisor'],
  transmit: ['analyst', 'supervisor'],
};

type Setup = (server: TestServer, who: Officer) => Promise<{ report: Prepared; args: Record<string, unknown> }>;
const held = (decision?: Parameters<typeof prepare>[1]['decision']) => async (server: TestServer, who: Officer) =>
  prepare(server, { status: 'in_progress', claimedBy: who.username, assignedTo: who.username, decision });
const SETUPS: Record<MutationName, Setup> = {
  claim: async (server, who) => ({ report: await prepare(server, { status: 'received', assignedTo: who.username }), args: {} }),
  release: async (server, who) => ({ report: await held()(server, who), args: {} }),
  note: async (server, who) => ({ report: await prepare(server, { status: 'received', assignedTo: who.username }), args: { text: 'Constat complémentaire.' } }),
  setVerification: async (server, who) => ({ report: await held()(server, who), args: { outcome: 'present', captureIds: ['cap-1'] } }),
  qualify: async (server, who) => ({ report: await held()(server, who), args: { qualification: { kind: 'no_offence', reason: 'Propos licites.' } } }),
  orient: async (server, who) => ({
    report: await held()(server, who),
    args: { orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale.', urgency: 'normal', attachments: [], duplicateOf: null } },
  }),
  screenOut: async (server, who) => ({ report: await held()(server, who), args: { case: 'emergency' } }),
  propose: async (server, who) => ({ report: await held(QUALIFIED)(server, who), args: {} }),
  approve: async (server) => ({ report: await prepare(server, { status: 'decision_proposed', claimedBy: 'autre', decision: proposedBy('autre') }), args: {} }),
  returnToAnalyst: async (server) => ({ report: await prepare(server, { status: 'decision_proposed', claimedBy: 'autre', decision: proposedBy('autre') }), args: { comment: 'À préciser.' } }),
  resume: async (server, who) => ({ report: await prepare(server, { status: 'returned', claimedBy: who.username, decision: QUALIFIED }), args: {} }),
  comment: async (server, who) => ({ report: await prepare(server, { status: 'decision_proposed', claimedBy: 'autre', assignedTo: who.username, decision: proposedBy('autre') }), args: { text: 'Vu.' } }),
  // Evidence is a fact, not a decision: recorded whatever the claim, by whoever may document the report.
  recordCapture: async (server, who) => ({
    report: await prepare(server, { status: 'received', assignedTo: who.username }),
    args: {
      captureId: randomUUID(), url: 'https://exemple.fr/p', finalUrl: null, state: 'complete', startedAt: '2026-03-01T10:00:00.000Z',
      endedAt: '2026-03-01T10:00:05.000Z', waczSha256: 'a'.repeat(64), waczBytes: 1000, signerFingerprint: `${'ab:'.repeat(31)}ab`,
    },
  }),
  requestPreservation: async (server, who) => ({
    report: await held()(server, who),
    args: { requestId: '0b9d6c5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', channel: 'g8_h24', host: { name: 'Example Hosting Inc.', country: 'US', contact: null }, urls: ['https://example.com/p'], durationDays: 90 },
  }),
  setPreservationStatus: async (server, who) => ({
    report: await prepare(server, { status: 'in_progress', claimedBy: who.username, assignedTo: who.username, decision: withPreservation({}) }),
    args: { requestId: SENT_REQUEST_ID, status: 'acknowledged', note: 'Accusé de réception reçu.' },
  }),
  // The officer who worked the decided case sends it (an analyst's scope: their own reports).
  transmit: async (server, who) => ({
    report: await prepare(server, { status: 'decided', claimedBy: who.username, assignedTo: who.username, decision: approvedFor(who.username, 'chef') }),
    args: { packageSha256: 'a'.repeat(64), recipient: 'SDAT' },
  }),
};
const VERSIONLESS: ReadonlySet<MutationName> = new Set(['note', 'comment', 'recordCapture', 'requestPreservation', 'setPreservationStatus']);

describe.each(backends())('authorisation matrix on $name', (b) => {
  warnIfSkipped(b, 'authorisation matrix');
  let server: TestServer;
  const officers = new Map<Role, Officer>();
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    for (const role of ROLES) officers.set(role, await officer(server, `agent-${role}`, role));
  });
  afterAll(async () => server?.destroy());

  it('covers every mutation', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...MUTATION_NAMES].sort());
  });

  const cases = MUTATION_NAMES.flatMap((name) => ROLES.map((role) => ({ name, role, allowed: ALLOWED[name].includes(role) })));
  it.skipIf(b.skip).each(cases)('$role × $name → allowed: $allowed', async ({ name, role, allowed }) => {
    const who = officers.get(role);
    if (!who) throw new Error('no officer');
    const { report, args } = await SETUPS[name](server, who);
    const base = VERSIONLESS.has(name) ? {} : { baseVersion: report.version };
    const outcome = await pushOne(server, who, name, { reportId: report.id, ...base, ...args });
    if (allowed) expect(outcome).toEqual({ id: who.next, status: 'applied' });
    else expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden' } });
  });
});

/**
 * Four-eyes, whatever the path: whoever wrote any part of the decision under review (content check,
 * qualification, orientation, proposal) neither approves nor returns it; comments do not count, and a
 * part rewritten by someone else is theirs (unless rewritten unchanged).
 */
describe.each(backends())('four-eyes on every path on $name', (b) => {
  warnIfSkipped(b, 'four-eyes paths');
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

  const Q1 = { kind: 'offences', offences: [{ id: 'ter-1', natinf: null, label: 'Apologie du terrorisme (art. 421-2-5 C. pén.)' }] };
  const Q2 = { kind: 'offences', offences: [{ id: 'ter-2', natinf: null, label: 'Provocation directe à des actes de terrorisme (art. 421-2-5 C. pén.)' }] };
  const O1 = { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale en matière de terrorisme.', urgency: 'urgent', attachments: [], duplicateOf: null };
  const O2 = { ...O1, justification: 'Auteur identifié, compétence de la SDAT.', urgency: 'normal' };
  type Step = readonly [Officer, string, Record<string, unknown>?];
  /** Pushes each step on the report's current version (officers taking turns, each up to date). */
  const run = async (id: string, steps: readonly Step[]) => {
    for (const [who, name, args] of steps) {
      const outcome = await pushOne(server, who, name, { reportId: id, baseVersion: await versionOf(server, id), ...args });
      expect(outcome, `${who.username} ${name}`).toMatchObject({ status: 'applied' });
    }
  };
  const review = async (who: Officer, id: string, name: 'approve' | 'returnToAnalyst') =>
    pushOne(server, who, name, { reportId: id, baseVersion: await versionOf(server, id), ...(name === 'returnToAnalyst' ? { comment: 'À revoir.' } : {}) });
  const expectRefused = async (who: Officer, id: string, part: string) => {
    for (const name of ['approve', 'returnToAnalyst'] as const) {
      const outcome = await review(who, id, name);
      expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'forbidden', message: expect.stringContaining('quatre yeux') } });
      expect(outcome.status === 'rejected' ? outcome.reason.message : '').toContain(part);
    }
    expect((await rowOf(server, id))?.status).toBe('decision_proposed');
  };
  const fresh = async () => (await prepare(server, { status: 'received' })).id;

  it.skipIf(b.skip)('release and re-claim: the supervisor who qualified and oriented cannot review the analyst’s unchanged proposal', async () => {
    const id = await fresh();
    await run(id, [[sup, 'claim'], [sup, 'qualify', { qualification: Q1 }], [sup, 'orient', { orientation: O1 }], [sup, 'release'], [ana, 'claim'], [ana, 'setVerification', { outcome: 'present' }], [ana, 'propose']]);
    await expectRefused(sup, id, 'la qualification et l’orientation');
    expect(await review(sup2, id, 'approve')).toMatchObject({ status: 'applied' });
    expect((await rowOf(server, id))?.decision).toMatchObject({ qualification: { by: 'sup' }, orientation: { by: 'sup' }, proposal: { by: 'ana' }, review: { by: 'sup2' } });
  });

  it.skipIf(b.skip)('an expired lease taken over: the first holder’s orientation still counts', async () => {
    const id = await fresh();
    await run(id, [[sup, 'claim'], [sup, 'orient', { orientation: O1 }]]);
    await server.admin.db.execute(sql`update reports set lease_until = now() - interval '1 minute' where id = ${id}`);
    await run(id, [[ana, 'claim'], [ana, 'setVerification', { outcome: 'present' }], [ana, 'qualify', { qualification: Q1 }], [ana, 'propose']]);
    await expectRefused(sup, id, 'l’orientation');
  });

  it.skipIf(b.skip)('a return, a resume and a second qualification by the supervisor in between', async () => {
    const id = await fresh();
    await run(id, [[ana, 'claim'], [ana, 'setVerification', { outcome: 'present' }], [ana, 'qualify', { qualification: Q1 }], [ana, 'orient', { orientation: O1 }], [ana, 'propose']]);
    await run(id, [[sup2, 'returnToAnalyst', { comment: 'Qualification à revoir.' }], [ana, 'resume'], [ana, 'release']]);
    await run(id, [[sup, 'claim'], [sup, 'qualify', { qualification: Q2 }], [sup, 'release'], [ana, 'claim'], [ana, 'propose']]);
    await expectRefused(sup, id, 'la qualification');
    // The supervisor who returned it wrote nothing of it: a review is not a part of the decision.
    expect(await review(sup2, id, 'approve')).toMatchObject({ status: 'applied' });
  });

  it.skipIf(b.skip)('the content check is part of the decision', async () => {
    const id = await fresh();
    await run(id, [[sup, 'claim'], [sup, 'setVerification', { outcome: 'present', captureIds: ['cap-1'] }], [sup, 'release']]);
    await run(id, [[ana, 'claim'], [ana, 'qualify', { qualification: Q1 }], [ana, 'orient', { orientation: O1 }], [ana, 'propose']]);
    await expectRefused(sup, id, 'la vérification du contenu');
  });

  it.skipIf(b.skip)('a part saved again unchanged by someone else keeps its author', async () => {
    const id = await fresh();
    await run(id, [[sup, 'claim'], [sup, 'qualify', { qualification: Q1 }], [sup, 'orient', { orientation: O1 }], [sup, 'release']]);
    await run(id, [[ana, 'claim'], [ana, 'setVerification', { outcome: 'present' }], [ana, 'qualify', { qualification: Q1 }], [ana, 'orient', { orientation: O1 }], [ana, 'propose']]);
    await expectRefused(sup, id, 'la qualification et l’orientation');
  });

  it.skipIf(b.skip)('a supervisor who proposes a returned decision again is its author', async () => {
    const id = await fresh();
    await run(id, [[ana, 'claim'], [ana, 'setVerification', { outcome: 'present' }], [ana, 'qualify', { qualification: Q1 }], [ana, 'orient', { orientation: O1 }], [ana, 'propose']]);
    await run(id, [[sup2, 'returnToAnalyst', { comment: 'Reprendre.' }], [ana, 'resume'], [ana, 'release'], [sup, 'claim'], [sup, 'propose']]);
    await expectRefused(sup, id, 'la proposition');
  });

  it.skipIf(b.skip)('authorship follows a rewrite by someone else, and comments do not count', async () => {
    const id = await fresh();
    await run(id, [[sup, 'claim'], [sup, 'setVerification', { outcome: 'present' }], [sup, 'qualify', { qualification: Q1 }], [sup, 'orient', { orientation: O1 }], [sup, 'release']]);
    await run(id, [[ana, 'claim'], [ana, 'setVerification', { outcome: 'present', captureIds: ['cap-2'] }], [ana, 'qualify', { qualification: Q2 }], [ana, 'orient', { orientation: O2 }], [ana, 'propose']]);
    expect(await pushOne(server, sup, 'comment', { reportId: id, text: 'Je relis.' })).toMatchObject({ status: 'applied' });
    expect(await review(sup, id, 'approve')).toMatchObject({ status: 'applied' });
    expect((await rowOf(server, id))?.decision).toMatchObject({ verification: { by: 'ana' }, qualification: { by: 'ana' }, orientation: { by: 'ana' }, review: { by: 'sup' } });
  });
});
