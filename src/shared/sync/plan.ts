import type { Report, ReportEvent } from '../domain/report';
import { nextStatus } from '../domain/state-machine';
import type { CaptureRecord } from '../evidence/record';
import type { Role } from '../domain/roles';
import { CLAIM_LEASE_MS, type Actor, type Mutation, type MutationName, type Plan, type PlanResult, type PlannedEvent, type Refusal, type ReportState } from './mutations';
import { accept, leaseLive, refuse } from './plan-kit';
import {
  planApprove,
  planComment,
  planOrient,
  planPropose,
  planQualify,
  planResume,
  planReturn,
  planScreenOut,
  planVerification,
  type PlanContext,
} from '../workflow/plan';
import { planPreservationStatus, planRequestPreservation, planTransmit } from '../workflow/conservation-plan';

/**
 * The one planning function of every mutation: from the report's current state, the actor and the
 * time, either the effect (new status, claim, events) or the reason it is refused. Pure: the
 * workstation calls it for the optimistic effect, the server inside its transaction.
 */
export function planMutation(m: Mutation, r: ReportState, who: Actor, now: Date, ctx: PlanContext = {}): PlanResult {
  const role = roleRefusal(m, r, who);
  if (role) return { ok: false, refusal: role };
  switch (m.name) {
    case 'claim':
      return planClaim(r, who, now);
    case 'release':
      return planRelease(r, who);
    case 'note':
      return accept(r, [{ action: 'note', actor: who.username, fromStatus: r.status, toStatus: r.status, detail: m.args.text }]);
    case 'setVerification':
      return planVerification(r, who, now, m.args);
    case 'qualify':
      return planQualify(r, who, now, m.args);
    case 'orient':
      return planOrient(r, who, now, m.args, ctx);
    case 'screenOut':
      return planScreenOut(r, who, now, m.args);
    case 'propose':
      return planPropose(r, who, now);
    case 'approve':
      return planApprove(r, who, now, m.args);
    case 'returnToAnalyst':
      return planReturn(r, who, now, m.args);
    case 'resume':
      return planResume(r, who, now);
    case 'comment':
      return planComment(r, who, now, m.args);
    case 'recordCapture':
      return planCapture(m.args, r, who);
    case 'requestPreservation':
      return planRequestPreservation(r, who, now, m.args);
    case 'setPreservationStatus':
      return planPreservationStatus(r, who, now, m.args);
    case 'transmit':
      return planTransmit(r, who, now, m.args);
    default: {
      const never: never = m;
      throw new Error(`unknown mutation ${String(never)}`);
    }
  }
}

/**
 * Evidence is never refused for a lapsed claim: the page may be gone by the time the workstation is back
 * online, and the capture is a fact, not a decision. It must belong to the report it is recorded on.
 */
function planCapture(c: CaptureRecord, r: ReportState, who: Actor): PlanResult {
  if (c.reportId !== r.id) return refuse('validation', 'La capture ne concerne pas ce signalement.');
  const detail = `${c.state} — ${c.finalUrl ?? c.url} — WACZ SHA-256 ${c.waczSha256} (${c.waczBytes} octets)`;
  return accept(r, [{ action: 'capture', actor: who.username, fromStatus: r.status, toStatus: r.status, detail }], { capture: c });
}

/**
 * Who may attempt each mutation (the server enforces it; the workstation mirrors it to offer only what
 * can succeed). Ownership and four-eyes are checked by the planning of each mutation on top of this.
 * Cyberpatrol agents only document the reports assigned to them; administrators do not handle reports.
 */
const OFFICERS: readonly Role[] = ['analyst', 'supervisor'];
export const MUTATION_ROLES: Record<MutationName, readonly Role[]> = {
  claim: OFFICERS,
  release: OFFICERS,
  note: ['analyst', 'supervisor', 'cyberpatrol'],
  setVerification: OFFICERS,
  qualify: OFFICERS,
  orient: OFFICERS,
  screenOut: OFFICERS,
  propose: OFFICERS,
  approve: ['supervisor'],
  returnToAnalyst: ['supervisor'],
  resume: OFFICERS,
  comment: OFFICERS,
  // Evidence: cyberpatrol agents capture the reports assigned to them, under their persona.
  recordCapture: ['analyst', 'supervisor', 'cyberpatrol'],
  requestPreservation: OFFICERS,
  setPreservationStatus: OFFICERS,
  transmit: OFFICERS,
};

function roleRefusal(m: Mutation, r: ReportState, who: Actor): Refusal | null {
  if (who.role === 'admin') return { kind: 'forbidden', message: 'Les administrateurs ne traitent pas les signalements.' };
  if (!MUTATION_ROLES[m.name].includes(who.role)) {
    return { kind: 'forbidden', message: who.role === 'analyst' ? 'Action réservée aux superviseurs.' : 'Action réservée aux analystes.' };
  }
  if (who.role === 'cyberpatrol' && r.assignedTo !== who.username) return { kind: 'forbidden', message: 'Action réservée aux analystes.' };
  return null;
}

function planClaim(r: ReportState, who: Actor, now: Date): PlanResult {
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
  if (r.status === 'in_progress' && r.claimedBy === who.username) {
    // Renewal while working: same status, a later lease end.
    return accept(r, [{ action: 'renew', actor: who.username, fromStatus: r.status, toStatus: r.status, detail: null }], { leaseUntil });
  }
  const events: PlannedEvent[] = [];
  let from = r.status;
  if (r.status === 'in_progress' && !leaseLive(r, now)) {
    // An abandoned claim (lease over) goes back to the queue first, as an audited expiry.
    events.push({ action: 'expire', actor: 'system', fromStatus: from, toStatus: 'received', detail: r.claimedBy ? `bail de ${r.claimedBy} expiré` : null });
    from = 'received';
  }
  const to = nextStatus(from, 'claim');
  if (!to) {
    const holder = r.claimedBy ? ` (pris en charge par ${r.claimedBy})` : '';
    return refuse('conflict', `Prise en charge impossible : signalement au statut ${r.status}${holder}.`);
  }
  events.push({ action: 'claim', actor: who.username, fromStatus: from, toStatus: to, detail: null });
  return accept(r, events, { status: to, claimedBy: who.username, leaseUntil });
}

function planRelease(r: ReportState, who: Actor): PlanResult {
  if (r.status !== 'in_progress' || r.claimedBy !== who.username) {
    return refuse('conflict', 'Libération impossible : le signalement n’est pas pris en charge par vous.');
  }
  const to = nextStatus(r.status, 'release');
  if (!to) return refuse('conflict', `Libération impossible depuis le statut ${r.status}.`);
  return accept(r, [{ action: 'release', actor: who.username, fromStatus: r.status, toStatus: to, detail: null }], { status: to, claimedBy: null, leaseUntil: null });
}

/** The report with a plan applied: the workstation's optimistic view until the server's comes back. */
export function applyPlan(report: Report, plan: Plan, at: string, eventId: (index: number) => string): Report {
  const events: ReportEvent[] = plan.events.map((e, i) => ({ id: eventId(i), at, ...e }));
  const { decision: _previous, ...rest } = report;
  return {
    ...rest,
    status: plan.status,
    claimedBy: plan.claimedBy,
    leaseUntil: plan.leaseUntil,
    updatedAt: at,
    events: [...report.events, ...events],
    ...(plan.decision ? { decision: plan.decision } : {}),
  };
}
