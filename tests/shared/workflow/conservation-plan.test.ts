import { describe, expect, it } from 'vitest';
import { EMPTY_DECISION, parseMutation, planMutation, usesVersionCheck, type Actor, type Decision, type Mutation, type PlanResult, type Report } from '@shared';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const ana: Actor = { username: 'ana', role: 'analyst' };
const bob: Actor = { username: 'bob', role: 'analyst' };
const cyber: Actor = { username: 'cy', role: 'cyberpatrol' };
const ID = '0b5c3f1e-6a3d-4a7b-9d0e-3c1f2a4b5c6d';
const REQ = '6f1c7d0e-3b2a-4c1d-9e8f-0a1b2c3d4e5f';
const at = '2026-02-01T10:00:00.000Z';

function report(over: Partial<Report> = {}): Report {
  return {
    id: ID, reference: 'PH-1', source: 'public', category: 'scam', status: 'in_progress', priority: 30, urls: ['https://exemple.fr/a'],
    description: 'Faux site de vente.', reporter: null, externalRef: null, receivedAt: at, updatedAt: at, claimedBy: 'ana',
    leaseUntil: new Date(NOW.getTime() + 60_000).toISOString(), assignedTo: null, clusterId: null, version: 3, events: [], ...over,
  };
}
const mutation = (name: string, args: Record<string, unknown>): Mutation => {
  const p = parseMutation(name, { reportId: ID, ...args });
  if (!p.ok) throw new Error(p.message);
  return p.mutation;
};
const request = (over: Record<string, unknown> = {}) =>
  mutation('requestPreservation', { requestId: REQ, channel: 'host_fr', host: { name: 'Hébergeur SAS', country: 'FR', contact: null }, urls: ['https://exemple.fr/a'], durationDays: 90, ...over });
const decisionOf = (r: PlanResult): Decision => {
  if (!r.ok) throw new Error(r.refusal.message);
  return r.plan.decision ?? EMPTY_DECISION;
};
const refusal = (r: PlanResult) => (r.ok ? null : r.refusal);

const approved: Decision = {
  ...EMPTY_DECISION,
  qualification: { kind: 'offences', offences: [{ id: 'cp-313-1', natinf: null, label: 'Escroquerie' }], by: 'ana', at },
  orientation: { outcome: 'territorial_service', serviceId: 'police-75', justification: 'Auteur domicilié à Paris.', urgency: 'normal', attachments: [], duplicateOf: null, by: 'ana', at },
  proposal: { by: 'ana', at },
  review: { verdict: 'approved', by: 'sup', at, comment: null },
};

describe('preservation requests', () => {
  it('records a request as sent by the officer holding the report, with an audited event', () => {
    const r = planMutation(request(), report(), ana, NOW);
    expect(decisionOf(r).preservations).toEqual([
      expect.objectContaining({ requestId: REQ, channel: 'host_fr', status: 'sent', by: 'ana', at: NOW.toISOString(), durationDays: 90 }),
    ]);
    expect(r.ok && r.plan.events[0]).toMatchObject({ action: 'preserve', actor: 'ana', detail: expect.stringContaining('Hébergeur SAS') });
    expect(r.ok && r.plan.status).toBe('in_progress');
  });

  it('is refused to someone not working the report, twice for one request, and for a foreign host outside G8/H24', () => {
    expect(refusal(planMutation(request(), report(), bob, NOW))).toMatchObject({ kind: 'conflict' });
    expect(refusal(planMutation(request(), report({ status: 'received', claimedBy: null }), ana, NOW))).toMatchObject({ kind: 'conflict' });
    expect(refusal(planMutation(request(), report({ assignedTo: 'cy' }), cyber, NOW))).toMatchObject({ kind: 'forbidden' });
    const once = report({ decision: decisionOf(planMutation(request(), report(), ana, NOW)) });
    expect(refusal(planMutation(request(), once, ana, NOW))?.message).toMatch(/déjà enregistrée/);
    expect(refusal(planMutation(request({ host: { name: 'US Host', country: 'US', contact: null } }), report(), ana, NOW))?.message).toMatch(/G8\/H24/);
    expect(planMutation(request({ channel: 'g8_h24', host: { name: 'US Host', country: 'US', contact: null } }), report(), ana, NOW).ok).toBe(true);
  });

  it('follows the host’s answer: acknowledged then expired; never back, never twice', () => {
    const sent = report({ decision: decisionOf(planMutation(request(), report(), ana, NOW)) });
    const ack = planMutation(mutation('setPreservationStatus', { requestId: REQ, status: 'acknowledged', note: 'AR reçu' }), sent, ana, NOW);
    expect(decisionOf(ack).preservations[0]).toMatchObject({ status: 'acknowledged', note: 'AR reçu', updatedBy: 'ana' });
    const acked = report({ decision: decisionOf(ack) });
    expect(refusal(planMutation(mutation('setPreservationStatus', { requestId: REQ, status: 'refused' }), acked, ana, NOW))).toMatchObject({ kind: 'conflict' });
    expect(planMutation(mutation('setPreservationStatus', { requestId: REQ, status: 'expired' }), acked, ana, NOW).ok).toBe(true);
    expect(refusal(planMutation(mutation('setPreservationStatus', { requestId: 'a1b2c3d4-0000-4000-8000-000000000000', status: 'expired' }), acked, ana, NOW))).toMatchObject({ kind: 'not_found' });
    expect(parseMutation('setPreservationStatus', { reportId: ID, requestId: REQ, status: 'sent' }).ok).toBe(false);
  });

  it('may be followed up by any officer once the report is decided', () => {
    const decided = report({ status: 'decided', claimedBy: 'ana', leaseUntil: null, decision: approved });
    expect(planMutation(request(), decided, bob, NOW).ok).toBe(true);
  });
});

describe('transmission', () => {
  const transmit = mutation('transmit', { baseVersion: 3, packageSha256: 'ab'.repeat(32), recipient: 'Commissariat de Paris' });

  it('moves an approved, decided report to transmitted, recording the package hash', () => {
    const r = planMutation(transmit, report({ status: 'decided', decision: approved }), bob, NOW);
    expect(r.ok && r.plan.status).toBe('transmitted');
    expect(decisionOf(r).transmission).toEqual({ packageSha256: 'ab'.repeat(32), recipient: 'Commissariat de Paris', by: 'bob', at: NOW.toISOString() });
    expect(r.ok && r.plan.events[0]).toMatchObject({ action: 'transmit', fromStatus: 'decided', toStatus: 'transmitted' });
    expect(usesVersionCheck(transmit)).toBe(true);
  });

  it('is refused before the decision, without an approved review, or for a closed report', () => {
    expect(refusal(planMutation(transmit, report({ decision: approved }), ana, NOW))?.message).toMatch(/n’est pas décidé/);
    expect(refusal(planMutation(transmit, report({ status: 'decided', decision: { ...approved, review: null } }), ana, NOW))?.message).toMatch(/validée/);
    const closed = { ...approved, orientation: { ...approved.orientation!, outcome: 'close_no_offence' as const, serviceId: null } };
    expect(refusal(planMutation(transmit, report({ status: 'decided', decision: closed }), ana, NOW))).toMatchObject({ kind: 'validation' });
    expect(parseMutation('transmit', { reportId: ID, baseVersion: 1, packageSha256: 'xyz', recipient: 'A' }).ok).toBe(false);
  });
});
