import type { PlanResult, PlannedEvent, Plan, Refusal, ReportState, Actor } from './mutations';

/** Small pieces shared by the planning functions of every mutation. */
export const refuse = (kind: Refusal['kind'], message: string): PlanResult => ({ ok: false, refusal: { kind, message } });

/** Accepts with the report's current fields, changed by `patch`. */
export const accept = (r: ReportState, events: PlannedEvent[], patch: Partial<Plan> = {}): PlanResult => ({
  ok: true,
  plan: { status: r.status, claimedBy: r.claimedBy, leaseUntil: r.leaseUntil, decision: r.decision, events, ...patch },
});

export const leaseLive = (r: ReportState, now: Date): boolean => r.leaseUntil !== null && Date.parse(r.leaseUntil) > now.getTime();

/** The actor works on the report: claimed by them, with a live lease. */
export const holds = (r: ReportState, who: Actor, now: Date): boolean => r.status === 'in_progress' && r.claimedBy === who.username && leaseLive(r, now);
