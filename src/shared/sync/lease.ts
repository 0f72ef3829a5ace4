import type { Report } from '../domain/report';

/**
 * How a report's claim looks at a given time, for display and for what the officer is offered: nobody
 * holds it, someone holds a live lease, or the lease ran out (anyone may take the report again; the
 * server records the expiry when it does, see planClaim).
 */
export type ClaimState = { kind: 'none' } | { kind: 'live'; holder: string; until: string } | { kind: 'expired'; holder: string; since: string };

export function claimState(r: Pick<Report, 'status' | 'claimedBy' | 'leaseUntil'>, now: number): ClaimState {
  if (r.status !== 'in_progress' || !r.claimedBy) return { kind: 'none' };
  if (r.leaseUntil && Date.parse(r.leaseUntil) > now) return { kind: 'live', holder: r.claimedBy, until: r.leaseUntil };
  return { kind: 'expired', holder: r.claimedBy, since: r.leaseUntil ?? '' };
}
