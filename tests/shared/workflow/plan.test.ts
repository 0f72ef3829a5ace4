import { describe, expect, it } from 'vitest';
import {
  CLAIM_LEASE_MS,
  MUTATION_NAMES,
  SCREENING_REDIRECTIONS,
  applyPlan,
  parseMutation,
  planMutation,
  proposalProblem,
  usesVersionCheck,
  type Actor,
  type Mutation,
  type OrientationInput,
  type PlanContext,
  type Report,
  type ServiceEntry,
} from '@shared';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const ana: Actor = { username: 'ana', role: 'analyst' };
const bob: Actor = { username: 'bob', role: 'analyst' };
const sup: Actor = { username: 'sup', role: 'supervisor' };
const sup2: Actor = { username: 'sup2', role: 'supervisor' };
const ID = '0b5c3f1e-6a3d-4a7b-9d0e-3c1f2a4b5c6d';

function report(over: Partial<Report> = {}): Report {
  return {
    id: ID, reference: 'PH-1', source: 'public', category: 'terrorism', status: 'in_progress', priority: 90, urls: ['https://exemple.fr/a'],
    description: 'Apologie du terrorisme sur un forum.', reporter: null, externalRef: null, receivedAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z', claimedBy: 'ana', leaseUntil: new Date(NOW.getTime() + 60_000).toISOString(), assignedTo: null,
    clusterId: null, version: 7, events: [], ...over,
  };
}

const service = (id: string, kind: ServiceEntry['kind']): ServiceEntry => ({ id, kind, name: id, departement: null, country: null, categories: [], channel: null, notes: null, active: true });
const ctx: PlanContext = { service: (id) => ({ sdat: service('sdat', 'central_office'), 'police-75': service('police-75', 'territorial_police'), interpol: service('interpol', 'interpol'), old: { ...service('old', 'central_office'), active: false } })[id] ?? null };

const m = (name: string, args: Record<string, unknown>): Mutation => {
  const merged = Object.fromEntries(Object.entries({ reportId: ID, baseVersion: 7, ...args }).filter(([, v]) => v !== undefined));
  const p = parseMutation(name, merged);
  if (!p.ok) throw new Error(p.message);
  return p.mutation;
};
const orientation = (o: Partial<OrientationInput> = {}): OrientationInput => ({
  outcome: 'central_office', serviceId: 'sdat', justification: 'Provocation au terrorisme, compétence nationale.', urgency: 'urgent', attachments: [], duplicateOf: null, ...o,
});
const offences = { kind: 'offences', offences: [{ id: 'ter-1', natinf: null, label: 'Provocation directe à des actes de terrorisme (art. 421-2-5 C. pén.)' }] };

/** Applies mutations in turn as the workstation does, failing on the first refusal. */
function run(r: Report, steps: Array<[Actor, Mutation]>): Report {
  return steps.reduce((cur, [who, mut]) => {
    const p = planMutation(mut, cur, who, NOW, ctx);
    if (!p.ok) throw new Error(`${mut.name}: ${p.refusal.message}`);
    return applyPlan(cur, p.plan, NOW.toISOString(), (i) => `e${i}`);
  }, r);
}
const refusal = (r: Report, who: Actor, mut: Mutation) => {
  const p = planMutation(mut, r, who, NOW, ctx);
  return p.ok ? null : p.refusal;
};

const verify = () => m('setVerification', { outcome: 'present', comment: 'Contenu en ligne.' });
const proposed = () => run(report(), [[ana, verify()], [ana, m('qualify', { qualification: offences })], [ana, m('orient', { orientation: orientation() })], [ana, m('propose', {})]]);

describe('decision workflow planning', () => {
  it('records verification with its captures, qualification and orientation on the report, as events', () => {
    const r = run(report(), [
      [ana, m('setVerification', { outcome: 'present', captureIds: ['cap-1', 'cap-2'] })],
      [ana, m('qualify', { qualification: offences })],
      [ana, m('orient', { orientation: orientation() })],
    ]);
    expect(r.decision?.verification).toMatchObject({ outcome: 'present', captureIds: ['cap-1', 'cap-2'], by: 'ana' });
    expect(r.decision?.qualification).toMatchObject({ kind: 'offences', by: 'ana', at: NOW.toISOString() });
    expect(r.decision?.orientation).toMatchObject({ outcome: 'central_office', serviceId: 'sdat', urgency: 'urgent' });
    expect(r.events.map((e) => e.action)).toEqual(['verify', 'qualify', 'orient']);
    expect(r.status).toBe('in_progress');
  });

  it('refuses decisions on a report the officer does not hold', () => {
    for (const mut of [m('qualify', { qualification: offences }), m('orient', { orientation: orientation() }), m('screenOut', { case: 'emergency' }), m('propose', {})]) {
      expect(refusal(report(), bob, mut)?.kind).toBe('conflict');
      expect(refusal(report({ leaseUntil: '2026-03-01T09:59:00.000Z' }), ana, mut)?.kind).toBe('conflict');
    }
  });

  it('offers administrative orders only for terrorism and child sexual abuse', () => {
    const order = m('orient', { orientation: orientation({ outcome: 'administrative_blocking', serviceId: null }) });
    expect(refusal(report({ category: 'terrorism' }), ana, order)).toBeNull();
    expect(refusal(report({ category: 'child_sexual_abuse' }), ana, order)).toBeNull();
    expect(refusal(report({ category: 'scam' }), ana, order)).toMatchObject({ kind: 'validation', message: expect.stringContaining('réservés') });
  });

  it('checks the service against the directory and the outcome', () => {
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ serviceId: 'inconnu' }) }))?.message).toContain('inconnu');
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ serviceId: 'old' }) }))?.kind).toBe('validation');
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ serviceId: 'police-75' }) }))?.message).toContain('ne convient pas');
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ serviceId: null }) }))?.message).toContain('service destinataire');
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ outcome: 'close_no_offence' }) }))?.message).toContain('aucun service');
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ outcome: 'close_duplicate', serviceId: null }) }))?.message).toContain('Doublon');
    expect(refusal(report(), ana, m('orient', { orientation: orientation({ outcome: 'territorial_service', serviceId: 'police-75' }) }))).toBeNull();
  });

  it('closes an out-of-scope report at once with its standard redirection', () => {
    const r = run(report(), [[ana, m('screenOut', { case: 'victim_complaint', note: 'Escroquerie subie par le déclarant' })]]);
    expect(r.status).toBe('decided');
    expect(r.leaseUntil).toBeNull();
    expect(r.decision?.screening).toMatchObject({ case: 'victim_complaint', redirection: SCREENING_REDIRECTIONS.victim_complaint });
    expect(r.decision?.screening?.redirection).toContain('pre-plainte-en-ligne.gouv.fr');
    expect(SCREENING_REDIRECTIONS.emergency).toMatch(/17.*112/);
    expect(r.decision?.orientation?.outcome).toBe('close_out_of_scope');
    expect(r.events.at(-1)).toMatchObject({ action: 'close', fromStatus: 'in_progress', toStatus: 'decided' });
  });

  it('sends a complete proposal to review and says what is missing otherwise', () => {
    expect(refusal(report(), ana, m('propose', {}))).toEqual({
      kind: 'validation',
      message: 'Proposition incomplète : Il manque la vérification du contenu, la qualification juridique et l’orientation.',
    });
    const oriented = run(report(), [[ana, m('orient', { orientation: orientation() })]]);
    expect(refusal(oriented, ana, m('propose', {}))?.message).toBe('Proposition incomplète : Il manque la vérification du contenu et la qualification juridique.');
    const unverified = run(report(), [[ana, m('qualify', { qualification: offences })], [ana, m('orient', { orientation: orientation() })]]);
    expect(refusal(unverified, ana, m('propose', {}))).toMatchObject({ kind: 'validation', message: expect.stringContaining('la vérification du contenu') });
    const r = proposed();
    expect(r).toMatchObject({ status: 'decision_proposed', claimedBy: 'ana', leaseUntil: null });
    expect(r.decision?.proposal).toEqual({ by: 'ana', at: NOW.toISOString() });
  });

  it('requires the qualification to agree with the orientation', () => {
    const noOffence = { kind: 'no_offence', reason: 'Propos choquants mais licites.' };
    const d = (q: unknown, o: OrientationInput) => run(report(), [[ana, verify()], [ana, m('qualify', { qualification: q })], [ana, m('orient', { orientation: o })]]).decision;
    expect(proposalProblem(d(noOffence, orientation()), 'terrorism')).toContain('infraction');
    expect(proposalProblem(d(offences, orientation({ outcome: 'close_no_offence', serviceId: null })), 'terrorism')).toContain('pas d’infraction');
    expect(proposalProblem(d(noOffence, orientation({ outcome: 'close_no_offence', serviceId: null })), 'terrorism')).toBeNull();
    // Duplicates and out-of-scope closures need no qualification.
    const duplicate = run(report(), [[ana, m('orient', { orientation: orientation({ outcome: 'close_duplicate', serviceId: null, duplicateOf: 'PH-0' }) })]]);
    expect(proposalProblem(duplicate.decision, 'scam')).toBe('Il manque la vérification du contenu.');
    expect(proposalProblem(run(duplicate, [[ana, verify()]]).decision, 'scam')).toBeNull();
    // "No offence" then a closure for no offence is a legitimate proposal.
    expect(run(report(), [[ana, verify()], [ana, m('qualify', { qualification: noOffence })], [ana, m('orient', { orientation: orientation({ outcome: 'close_no_offence', serviceId: null }) })], [ana, m('propose', {})]]).status).toBe('decision_proposed');
  });

  it('refuses to approve an incomplete proposal (recorded before the rule), naming what is missing; it can be returned', () => {
    const empty = report({ status: 'decision_proposed', leaseUntil: null, decision: { ...proposed().decision!, verification: null, qualification: null, orientation: null } });
    expect(refusal(empty, sup, m('approve', {}))).toEqual({
      kind: 'validation',
      message: 'Validation refusée : proposition incomplète. Il manque la vérification du contenu, la qualification juridique et l’orientation. Renvoyez-la à l’analyste.',
    });
    const incoherent = report({ status: 'decision_proposed', leaseUntil: null, decision: { ...proposed().decision!, qualification: { kind: 'no_offence', reason: 'Propos licites.', by: 'ana', at: NOW.toISOString() } } });
    expect(refusal(incoherent, sup, m('approve', {}))?.message).toContain('au moins une infraction');
    expect(run(empty, [[sup, m('returnToAnalyst', { comment: 'Étapes à faire.' })]]).status).toBe('returned');
    // Four-eyes is still said first to a supervisor who wrote part of it.
    expect(refusal({ ...empty, decision: { ...empty.decision!, proposal: { by: 'sup', at: NOW.toISOString() } } }, sup, m('approve', {}))?.kind).toBe('forbidden');
  });

  it('closes out of scope without review, verification or qualification (the screening stands alone)', () => {
    const r = run(report(), [[ana, m('screenOut', { case: 'private_correspondence' })]]);
    expect(r.status).toBe('decided');
    expect(r.decision?.verification).toBeNull();
  });

  it('enforces four-eyes: nobody reviews their own proposal, analysts never approve', () => {
    const r = proposed();
    expect(refusal(r, ana, m('approve', {}))).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('superviseurs') });
    expect(refusal(r, bob, m('returnToAnalyst', { comment: 'Préciser.' }))?.kind).toBe('forbidden');
    const bySupervisor = run(report({ claimedBy: 'sup' }), [[sup, m('qualify', { qualification: offences })], [sup, m('orient', { orientation: orientation({ outcome: 'interpol', serviceId: 'interpol' }) })]]);
    expect(bySupervisor.decision?.orientation?.outcome).toBe('interpol');
    const own = run(report({ claimedBy: 'sup' }), [[sup, verify()], [sup, m('qualify', { qualification: offences })], [sup, m('orient', { orientation: orientation() })], [sup, m('propose', {})]]);
    expect(refusal(own, sup, m('approve', {}))).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('quatre yeux') });
    expect(refusal(own, sup, m('returnToAnalyst', { comment: 'x' }))?.kind).toBe('forbidden');
    expect(run(own, [[sup2, m('approve', {})]]).status).toBe('decided');
  });

  it('approves with the review recorded, keeping the analyst as the owner', () => {
    const r = run(proposed(), [[sup, m('approve', { comment: 'Transmission validée.' })]]);
    expect(r).toMatchObject({ status: 'decided', claimedBy: 'ana', leaseUntil: null });
    expect(r.decision?.review).toMatchObject({ verdict: 'approved', by: 'sup', comment: 'Transmission validée.' });
    expect(r.decision?.comments).toEqual([{ kind: 'approve', by: 'sup', at: NOW.toISOString(), text: 'Transmission validée.' }]);
    expect(refusal(r, sup2, m('approve', {}))?.kind).toBe('conflict');
  });

  it('returns to the analyst with a comment; the analyst resumes, corrects and proposes again', () => {
    expect(parseMutation('returnToAnalyst', { reportId: ID, baseVersion: 1, comment: '  ' }).ok).toBe(false);
    const returned = run(proposed(), [[sup, m('returnToAnalyst', { comment: 'Préciser la qualification.' })]]);
    expect(returned).toMatchObject({ status: 'returned', claimedBy: 'ana' });
    expect(returned.decision?.comments.at(-1)).toMatchObject({ kind: 'return', by: 'sup', text: 'Préciser la qualification.' });
    expect(refusal(returned, bob, m('resume', {}))?.kind).toBe('conflict');
    const resumed = run(returned, [[ana, m('resume', {})]]);
    expect(resumed).toMatchObject({ status: 'in_progress', leaseUntil: new Date(NOW.getTime() + CLAIM_LEASE_MS).toISOString() });
    expect(resumed.decision?.proposal).toBeNull();
    const again = run(resumed, [[ana, m('comment', { text: 'Qualification précisée.', baseVersion: undefined })], [ana, m('propose', {})]]);
    expect(again.status).toBe('decision_proposed');
    expect(again.decision?.comments.map((c) => c.kind)).toEqual(['return', 'comment']);
    // A returned proposal may also go straight back to review by its analyst.
    expect(refusal(returned, ana, m('propose', {}))).toBeNull();
  });

  it('keeps cyberpatrol agents and administrators out of the workflow', () => {
    const cp: Actor = { username: 'cp', role: 'cyberpatrol' };
    const admin: Actor = { username: 'adm', role: 'admin' };
    for (const mut of [m('qualify', { qualification: offences }), m('propose', {}), m('approve', {}), m('comment', { text: 'x', baseVersion: undefined })]) {
      expect(refusal(report({ assignedTo: 'cp' }), cp, mut)?.kind).toBe('forbidden');
      expect(refusal(report(), admin, mut)?.kind).toBe('forbidden');
    }
  });

  it('checks the version of every decision, never of comments, notes and preservation requests (they only add)', () => {
    const unversioned = MUTATION_NAMES.filter((n) => !usesVersionCheck(m(n, sample[n] ?? {})));
    expect(unversioned.sort()).toEqual(['claim', 'comment', 'note', 'recordCapture', 'release', 'requestPreservation', 'setPreservationStatus']);
  });
});

const sample: Record<string, Record<string, unknown>> = {
  claim: {}, release: {}, note: { text: 'n', baseVersion: undefined }, setVerification: { outcome: 'present' }, qualify: { qualification: offences },
  orient: { orientation: orientation() }, screenOut: { case: 'emergency' }, propose: {}, approve: {}, returnToAnalyst: { comment: 'c' }, resume: {},
  comment: { text: 'c', baseVersion: undefined },
  recordCapture: {
    baseVersion: undefined, captureId: '7d3c1f0e-2b4a-4c5d-8e9f-1a2b3c4d5e6f', url: 'https://exemple.fr/a', finalUrl: null, state: 'complete',
    startedAt: '2026-03-01T10:00:00.000Z', endedAt: '2026-03-01T10:00:05.000Z', waczSha256: 'a'.repeat(64), waczBytes: 10, signerFingerprint: `${'ab:'.repeat(31)}ab`,
  },
  requestPreservation: {
    baseVersion: undefined, requestId: '6f1c7d0e-3b2a-4c1d-9e8f-0a1b2c3d4e5f', channel: 'host_fr', host: { name: 'Hébergeur', country: 'FR', contact: null },
    urls: ['https://exemple.fr/a'], durationDays: 90,
  },
  setPreservationStatus: { baseVersion: undefined, requestId: '6f1c7d0e-3b2a-4c1d-9e8f-0a1b2c3d4e5f', status: 'expired' },
  transmit: { packageSha256: 'a'.repeat(64), recipient: 'SDAT' },
};
