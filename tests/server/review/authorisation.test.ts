import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATION_NAMES, ROLES, type MutationName, type Role } from '@shared';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { QUALIFIED, SENT_REQUEST_ID, approvedFor, officer, prepare, proposedBy, pushOne, withPreservation, type Officer, type Prepared } from './workflow-fixture';

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
