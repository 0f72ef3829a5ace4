import type { Report, ReportEvent } from '../domain/report';
import { nextStatus } from '../domain/state-machine';
import type { CaptureRecord } from '../evidence/record';
import { CLAIM_LEASE_MS, type Actor, type Mutation, type Plan, type PlanResult, type PlannedEvent, type Refusal, type ReportState } from './mutations';

/**
 * The one planning function of every mutation: from the report's current state, the actor and the
 * time, either the effect (new status, claim, events) or the reason it is refused. Pure: the
 * workstation calls it for the optimistic effect, the server inside its transaction.
 */
export function planMutation(m: Mutation, r: ReportState, who: Actor, now: Date): PlanResult {
  const role = roleRefusal(m, r, who);
  if (role) return { ok: false, refusal: role };
  switch (m.name) {
    case 'claim':
      return planClaim(r, who, now);
    case 'release':
      return planRelease(r, who);
    case 'note':
      return accept(r, [{ action: 'note', actor: who.username, fromStatus: r.status, toStatus: r.status, detail: m.args.text }]);
    case 'setVerification': {
      if (!holds(r, who, now)) return refuse('conflict', 'Vérification refusée : le signalement n’est pas pris en charge par vous.');
      const detail = m.args.comment ? `${m.args.outcome} — ${m.args.comment}` : m.args.outcome;
      return accept(r, [{ action: 'verify', actor: who.username, fromStatus: r.status, toStatus: r.status, detail }]);
    }
    case 'recordCapture':
      return planCapture(m.args, r, who);
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

const refuse = (kind: Refusal['kind'], message: string): PlanResult => ({ ok: false, refusal: { kind, message } });
const accept = (r: ReportState, events: PlannedEvent[], patch: Partial<Plan> = {}): PlanResult => ({
  ok: true,
  plan: { status: r.status, claimedBy: r.claimedBy, leaseUntil: r.leaseUntil, events, ...patch },
});

const leaseLive = (r: ReportState, now: Date): boolean => r.leaseUntil !== null && Date.parse(r.leaseUntil) > now.getTime();
const holds = (r: ReportState, who: Actor, now: Date): boolean => r.status === 'in_progress' && r.claimedBy === who.username && leaseLive(r, now);

/** Who may do what (the server enforces it; the workstation mirrors it to offer only what can succeed). */
function roleRefusal(m: Mutation, r: ReportState, who: Actor): Refusal | null {
  switch (who.role) {
    case 'analyst':
    case 'supervisor':
      return null;
    case 'cyberpatrol':
      // Cyberpatrol agents document the reports assigned to them; they do not work the common queue.
      return (m.name === 'note' || m.name === 'recordCapture') && r.assignedTo === who.username
        ? null
        : { kind: 'forbidden', message: 'Action réservée aux analystes.' };
    case 'admin':
      return { kind: 'forbidden', message: 'Les administrateurs ne traitent pas les signalements.' };
    default: {
      const never: never = who.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
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
  return {
    ...report,
    status: plan.status,
    claimedBy: plan.claimedBy,
    leaseUntil: plan.leaseUntil,
    updatedAt: at,
    events: [...report.events, ...events],
  };
}
