import { CLAIM_LEASE_MS } from '@shared/sync/mutations';
import type { LocalDb } from '../db';
import { recordMutation, type LocalActor } from './local';

export type LeaseKeeperDeps = {
  /** The open store, or null while locked (nothing is renewed then). */
  db(): LocalDb | null;
  /** The officer recording changes on this workstation, or null when nobody is logged in. */
  actor(): Promise<LocalActor | null>;
  /** Whether the officer is working (recent activity in the app): an idle workstation lets leases run out. */
  active(): boolean;
  /** A renewal was recorded: push it soon. */
  onRenewed(reportId: string): void;
  /** Lease length (default CLAIM_LEASE_MS); renewals happen when half of it is left. */
  ttlMs?: number;
  /** How long to wait before looking again while the officer is idle (default 1 min). */
  idleRecheckMs?: number;
};

export type LeaseKeeper = {
  /** The report the officer has open (null: none); its lease is kept while they hold it. */
  focus(reportId: string | null): void;
  /** The report may have changed (a local change, a sync): schedule again from what the store says. */
  refresh(): void;
  stop(): void;
};

/**
 * Keeps the claim of the report the officer is working on: a renewal (a claim of one's own claim, planned
 * as such in plan.ts) is recorded when half of the lease is left, so a slow sync or a short outage still
 * leaves time before expiry. Never two renewals waiting for the same report: while one is in the outbox
 * (offline), the lease shown already counts from it, and nothing more is recorded.
 */
export function createLeaseKeeper(deps: LeaseKeeperDeps): LeaseKeeper {
  const ttl = deps.ttlMs ?? CLAIM_LEASE_MS;
  const idleRecheck = deps.idleRecheckMs ?? 60_000;
  let focused: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let generation = 0;

  const clear = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const arm = (delay: number): void => {
    clear();
    const mine = generation;
    timer = setTimeout(() => {
      timer = null;
      if (mine === generation) void tick();
    }, Math.max(0, delay));
    timer.unref?.();
  };

  /** The lease end of the focused report if this officer holds it, else null (nothing to keep). */
  const heldUntil = (db: LocalDb, reportId: string, username: string): number | null => {
    const r = db.getReport(reportId);
    if (!r || r.status !== 'in_progress' || r.claimedBy !== username || !r.leaseUntil) return null;
    const until = Date.parse(r.leaseUntil);
    return until > Date.now() ? until : null;
  };
  const renewalWaiting = (db: LocalDb, reportId: string, clientId: string): boolean =>
    db.outbox.forReport(reportId).some((e) => e.name === 'claim' && e.clientId === clientId);

  const tick = async (): Promise<void> => {
    const reportId = focused;
    const db = deps.db();
    const actor = await deps.actor();
    if (!reportId || !db || !actor || reportId !== focused) return;
    const until = heldUntil(db, reportId, actor.username);
    if (until === null) return;
    const renewAt = until - ttl / 2;
    if (Date.now() < renewAt) return arm(renewAt - Date.now());
    if (!deps.active()) return arm(Math.min(idleRecheck, until - Date.now()));
    if (!renewalWaiting(db, reportId, actor.clientId)) {
      const current = db.getReport(reportId);
      if (!current) return;
      try {
        recordMutation(db, actor, { name: 'claim', args: { reportId, baseVersion: current.version } });
        deps.onRenewed(reportId);
      } catch {
        // Refused on what this workstation knows (the lease was lost meanwhile): nothing to keep.
        return;
      }
    }
    const next = heldUntil(db, reportId, actor.username);
    if (next !== null) arm(Math.max(next - ttl / 2 - Date.now(), idleRecheck));
  };

  return {
    focus: (reportId) => {
      generation += 1;
      focused = reportId;
      clear();
      if (reportId) arm(0);
    },
    refresh: () => {
      if (!focused) return;
      generation += 1;
      arm(0);
    },
    stop: () => {
      generation += 1;
      focused = null;
      clear();
    },
  };
}
