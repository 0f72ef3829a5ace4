import { nextStatus, type ReportAction } from '../domain/state-machine';
import { CLAIM_LEASE_MS, type Actor, type ArgsOf, type PlanResult, type PlannedEvent, type ReportState } from '../sync/mutations';
import { accept, holds, refuse } from '../sync/plan-kit';
import {
  ADMINISTRATIVE_CATEGORIES,
  ADMINISTRATIVE_OUTCOMES,
  EMPTY_DECISION,
  MAX_COMMENTS,
  SCREENING_REDIRECTIONS,
  serviceKindsFor,
  type Decision,
  type ReviewComment,
} from './decision';
import type { ServiceEntry } from './directory';
import { missingStepsProblem } from './completeness';
import { fourEyesProblem, keepAuthorIfUnchanged } from './four-eyes';

/**
 * Planning of the decision workflow's mutations (qualification, orientation, screening, proposal and
 * review). Pure, like every planning function: the workstation runs it for the optimistic effect, the
 * server inside its transaction, with the directory of services to check orientations against.
 */
export type PlanContext = {
  /** The directory entry of a service id; absent when the caller has no directory to check against. */
  service?: (id: string) => ServiceEntry | null;
};

const decisionOf = (r: ReportState): Decision => r.decision ?? EMPTY_DECISION;
const ev = (r: ReportState, who: Actor, action: string, detail: string | null, to = r.status): PlannedEvent => ({
  action, actor: who.username, fromStatus: r.status, toStatus: to, detail,
});
const notHeld = (what: string): PlanResult => refuse('conflict', `${what} refusée : le signalement n’est pas pris en charge par vous.`);

export function planVerification(r: ReportState, who: Actor, now: Date, a: ArgsOf<'setVerification'>): PlanResult {
  if (!holds(r, who, now)) return notHeld('Vérification');
  const captureIds = a.captureIds ?? [];
  const d = decisionOf(r);
  const incomplete = a.incompleteCaptures?.length ? { incompleteCaptures: a.incompleteCaptures } : {};
  const verification = keepAuthorIfUnchanged(d.verification, {
    outcome: a.outcome, captureIds, comment: a.comment ?? null, by: who.username, at: now.toISOString(),
    ...incomplete, ...(a.confirmedIncomplete ? { confirmedIncomplete: true as const } : {}),
  });
  const captures = captureIds.length > 0 ? ` [captures : ${captureIds.join(', ')}]` : '';
  const flagged = a.incompleteCaptures?.length ? ` [non complètes : ${a.incompleteCaptures.map((c) => `${c.id} (${c.state === 'failed' ? 'échec' : 'partielle'})`).join(', ')}${a.confirmedIncomplete ? ', confirmé' : ''}]` : '';
  const detail = `${a.comment ? `${a.outcome} — ${a.comment}` : a.outcome}${captures}${flagged}`;
  return accept(r, [ev(r, who, 'verify', detail)], { decision: { ...d, verification } });
}

export function planQualify(r: ReportState, who: Actor, now: Date, a: ArgsOf<'qualify'>): PlanResult {
  if (!holds(r, who, now)) return notHeld('Qualification');
  const q = a.qualification;
  const detail =
    q.kind === 'offences'
      ? q.offences.map((o) => (o.natinf ? `NATINF ${o.natinf} ${o.label}` : o.label)).join(' ; ')
      : `${q.kind === 'no_offence' ? 'Pas d’infraction' : 'Hors champ'} — ${q.reason}`;
  const d = decisionOf(r);
  const qualification = keepAuthorIfUnchanged(d.qualification, { ...q, by: who.username, at: now.toISOString() });
  return accept(r, [ev(r, who, 'qualify', detail)], { decision: { ...d, qualification } });
}

export function planOrient(r: ReportState, who: Actor, now: Date, a: ArgsOf<'orient'>, ctx: PlanContext): PlanResult {
  if (!holds(r, who, now)) return notHeld('Orientation');
  const o = a.orientation;
  if (ADMINISTRATIVE_OUTCOMES.includes(o.outcome) && !(r.category && ADMINISTRATIVE_CATEGORIES.includes(r.category))) {
    return refuse('validation', 'Retrait, blocage et déréférencement administratifs sont réservés au terrorisme et aux abus sexuels sur mineurs.');
  }
  if (o.outcome === 'close_duplicate' && !o.duplicateOf) return refuse('validation', 'Doublon : indiquez la référence du signalement dupliqué.');
  const kinds = serviceKindsFor(o.outcome);
  if (kinds && !o.serviceId) return refuse('validation', 'Cette orientation demande un service destinataire.');
  if (!kinds && o.serviceId) return refuse('validation', 'Cette orientation ne s’adresse à aucun service de l’annuaire.');
  if (kinds && o.serviceId && ctx.service) {
    const s = ctx.service(o.serviceId);
    if (!s || !s.active) return refuse('validation', `Service inconnu de l’annuaire : ${o.serviceId}.`);
    if (!kinds.includes(s.kind)) return refuse('validation', `Le service « ${s.name} » ne convient pas à cette orientation.`);
  }
  const detail = `${o.outcome}${o.serviceId ? ` → ${o.serviceId}` : ''} (${o.urgency}) — ${o.justification}`;
  const d = decisionOf(r);
  const orientation = keepAuthorIfUnchanged(d.orientation, { ...o, by: who.username, at: now.toISOString() });
  return accept(r, [ev(r, who, 'orient', detail)], { decision: { ...d, orientation } });
}

export function planScreenOut(r: ReportState, who: Actor, now: Date, a: ArgsOf<'screenOut'>): PlanResult {
  if (!holds(r, who, now)) return notHeld('Clôture hors champ');
  const to = nextStatus(r.status, 'close');
  if (!to) return refuse('conflict', `Clôture impossible depuis le statut ${r.status}.`);
  const at = now.toISOString();
  const redirection = SCREENING_REDIRECTIONS[a.case];
  const note = a.note ?? null;
  const decision: Decision = {
    ...decisionOf(r),
    screening: { case: a.case, redirection, note, by: who.username, at },
    qualification: { kind: 'out_of_scope', reason: note ? `${a.case} — ${note}` : a.case, by: who.username, at },
    orientation: { outcome: 'close_out_of_scope', serviceId: null, justification: redirection, urgency: 'normal', attachments: [], duplicateOf: null, by: who.username, at },
  };
  return accept(r, [ev(r, who, 'close', `${a.case} — ${redirection}`, to)], { status: to, leaseUntil: null, decision });
}

/**
 * What still prevents a proposal, in French, or null when it can go to review (and be approved): the
 * three decision steps (verification, qualification and orientation — no qualification when closing as
 * out of scope or as a duplicate; see missingDecisionSteps), and the qualification agreeing with the
 * orientation. The out-of-scope screening closes the report on its own and never comes here.
 */
export function proposalProblem(d: Decision | undefined | null, category: ReportState['category']): string | null {
  const missing = missingStepsProblem(d);
  if (missing) return missing.charAt(0).toUpperCase() + missing.slice(1);
  const o = d?.orientation;
  const q = d?.qualification;
  if (!o) return 'Orientation manquante.';
  if (o.outcome === 'close_out_of_scope' || o.outcome === 'close_duplicate') return null;
  if (!q) return 'Qualification juridique manquante.';
  if (o.outcome === 'close_no_offence') return q.kind === 'no_offence' ? null : 'Clôture « pas d’infraction » : la qualification doit dire qu’il n’y a pas d’infraction.';
  if (q.kind !== 'offences') return 'Une transmission demande au moins une infraction qualifiée.';
  if (ADMINISTRATIVE_OUTCOMES.includes(o.outcome) && !(category && ADMINISTRATIVE_CATEGORIES.includes(category))) {
    return 'Mesure administrative réservée au terrorisme et aux abus sexuels sur mineurs.';
  }
  return null;
}

export function planPropose(r: ReportState, who: Actor, now: Date): PlanResult {
  const ownReturned = r.status === 'returned' && r.claimedBy === who.username;
  if (!holds(r, who, now) && !ownReturned) return notHeld('Proposition');
  const problem = proposalProblem(r.decision, r.category);
  if (problem) return refuse('validation', `Proposition incomplète : ${problem}`);
  return transition(r, who, 'propose', null, (d) => ({ ...d, proposal: { by: who.username, at: now.toISOString() }, review: null }), { leaseUntil: null });
}

/**
 * Four-eyes: a proposal is reviewed (approved or returned) by a supervisor who wrote no part of the
 * decision as it stands — not only not its proposer — read from the authors the decision records.
 */
function reviewRefusal(r: ReportState, who: Actor, what: string): PlanResult | null {
  if (r.status !== 'decision_proposed') return refuse('conflict', `${what} impossible : aucune proposition en attente (statut ${r.status}).`);
  const problem = fourEyesProblem(r.decision, r.claimedBy, who.username);
  if (problem) return refuse('forbidden', `${what} refusée : ${problem}`);
  return null;
}

export function planApprove(r: ReportState, who: Actor, now: Date, a: ArgsOf<'approve'>): PlanResult {
  const refused = reviewRefusal(r, who, 'Validation');
  if (refused) return refused;
  // A proposal recorded before the rule, or seeded incomplete, is returned to its analyst, never approved.
  const problem = proposalProblem(r.decision, r.category);
  if (problem) return refuse('validation', `Validation refusée : proposition incomplète. ${problem} Renvoyez-la à l’analyste.`);
  const comment = a.comment ?? null;
  return transition(r, who, 'approve', comment, (d) => ({
    ...withComment(d, comment === null ? null : { kind: 'approve', by: who.username, at: now.toISOString(), text: comment }),
    review: { verdict: 'approved', by: who.username, at: now.toISOString(), comment },
  }));
}

export function planReturn(r: ReportState, who: Actor, now: Date, a: ArgsOf<'returnToAnalyst'>): PlanResult {
  const refused = reviewRefusal(r, who, 'Renvoi');
  if (refused) return refused;
  return transition(r, who, 'return', a.comment, (d) => ({
    ...withComment(d, { kind: 'return', by: who.username, at: now.toISOString(), text: a.comment }),
    review: { verdict: 'returned', by: who.username, at: now.toISOString(), comment: a.comment },
  }));
}

export function planResume(r: ReportState, who: Actor, now: Date): PlanResult {
  if (r.status !== 'returned' || r.claimedBy !== who.username) return refuse('conflict', 'Reprise impossible : aucune proposition renvoyée vers vous sur ce signalement.');
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
  return transition(r, who, 'resume', null, (d) => ({ ...d, proposal: null }), { leaseUntil });
}

export function planComment(r: ReportState, who: Actor, now: Date, a: ArgsOf<'comment'>): PlanResult {
  const d = decisionOf(r);
  if (d.comments.length >= MAX_COMMENTS) return refuse('validation', 'Fil de commentaires complet.');
  return accept(r, [ev(r, who, 'comment', a.text)], { decision: withComment(d, { kind: 'comment', by: who.username, at: now.toISOString(), text: a.text }) });
}

function withComment(d: Decision, c: ReviewComment | null): Decision {
  return c ? { ...d, comments: [...d.comments, c].slice(-MAX_COMMENTS) } : d;
}

function transition(r: ReportState, who: Actor, action: ReportAction, detail: string | null, change: (d: Decision) => Decision, patch: { leaseUntil?: string | null } = {}): PlanResult {
  const to = nextStatus(r.status, action);
  if (!to) return refuse('conflict', `Action impossible depuis le statut ${r.status}.`);
  return accept(r, [ev(r, who, action, detail, to)], { status: to, leaseUntil: patch.leaseUntil ?? null, decision: change(decisionOf(r)) });
}
