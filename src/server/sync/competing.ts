import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  fourEyesProblem,
  KindedError,
  parseMutation,
  planMutation,
  RoleSchema,
  usesVersionCheck,
  type Category,
  type CompetingDecision,
  type Decision,
  type DecisionSide,
  type Plan,
  type PlannedEvent,
  type ReportState,
  type ReportStatus,
  type ResolveCompeting,
  type ResolvedCompeting,
} from '@shared';
import type { Db } from '../db/database';
import { queryRows, withReportsLock, type Tx } from '../db/rows';
import { reportEvents } from '../db/schema';
import type { AccessClaims } from '../auth/tokens';
import { loadServices } from '../review';

type OpenRow = {
  id: string; report_id: string; reference: string; status: ReportStatus; base_version: string | number; current_version: string | number;
  actor: string; name: string; args: unknown; at: Date | string; created_at: Date | string | null;
};
type AppliedRow = { report_id: string; version_after: string | number; actor: string | null; name: string; args: unknown; created_at: Date | string; processed_at: Date | string };

const iso = (v: Date | string): string => new Date(v).toISOString();

/**
 * Arbitration is a supervisor's call, like the review it may amount to: administrators manage the
 * platform and do not handle reports. The server checks it, whatever the client shows.
 */
export function requireArbiter(who: AccessClaims): void {
  if (who.role !== 'supervisor') throw new KindedError('forbidden', 'Réservé aux superviseurs : seuls eux arbitrent les décisions concurrentes (les administrateurs ne traitent pas les signalements).');
}

/**
 * Open competing decisions, oldest first, each with the change it ran into: among the changes applied
 * to the report after the version the losing decision was based on (up to the one it met), the latest
 * decision, or the latest change when none of them was a decision (a note by a colleague).
 */
export async function listCompeting(db: Db): Promise<CompetingDecision[]> {
  const open = await queryRows<OpenRow>(
    db,
    sql`select c.id, c.report_id, r.reference, r.status, c.base_version, c.current_version, c.actor, c.name, c.args, c.at, m.created_at
      from competing_decisions c join reports r on r.id = c.report_id
      left join sync_mutations m on m.client_id = c.client_id and m.mutation_id = c.mutation_id
      where c.resolved_at is null order by c.at, c.id limit 500`,
  );
  if (open.length === 0) return [];
  const applied = await appliedChanges(db, [...new Set(open.map((o) => o.report_id))]);
  return open.map((o) => {
    const pick = ranInto(applied, o);
    return {
      id: o.id,
      reportId: o.report_id,
      reference: o.reference,
      reportStatus: o.status,
      baseVersion: Number(o.base_version),
      currentVersion: Number(o.current_version),
      applied: pick ? sideOf(pick) : null,
      competing: { actor: o.actor, name: o.name, args: o.args, recordedAt: iso(o.created_at ?? o.at), processedAt: iso(o.at) },
    };
  });
}

async function appliedChanges(db: Db | Tx, reportIds: readonly string[]): Promise<AppliedRow[]> {
  return queryRows<AppliedRow>(
    db,
    sql`select m.report_id, m.version_after, u.username as actor, m.name, m.args, m.created_at, m.processed_at
      from sync_mutations m left join users u on u.id = m.user_id
      where m.report_id = any(array[${sql.join(reportIds.map((id) => sql`${id}::uuid`), sql`, `)}]::uuid[]) and m.status = 'applied'
      order by m.version_after desc`,
  );
}

/** The change a competing decision ran into (see listCompeting), among the report's applied changes, latest first. */
function ranInto(applied: readonly AppliedRow[], c: { report_id: string; base_version: string | number; current_version: string | number }): AppliedRow | undefined {
  const candidates = applied.filter((a) => a.report_id === c.report_id && Number(a.version_after) > Number(c.base_version) && Number(a.version_after) <= Number(c.current_version));
  const decision = candidates.find((a) => {
    const p = parseMutation(a.name, a.args);
    return p.ok && usesVersionCheck(p.mutation);
  });
  return decision ?? candidates[0];
}

const sideOf = (a: AppliedRow): DecisionSide => ({ actor: a.actor ?? '?', name: a.name, args: a.args, recordedAt: iso(a.created_at), processedAt: iso(a.processed_at) });

type Pending = {
  id: string; report_id: string; user_id: string; actor: string; name: string; args: unknown; resolved_at: Date | string | null; role: string | null;
  base_version: string | number; current_version: string | number;
};
type StateRow = {
  id: string; status: ReportStatus; category: Category; claimed_by: string | null; lease_until: Date | string | null; assigned_to: string | null;
  version: string | number; decision: Decision | null;
};
/** The report after the arbitration: its claim, status and whole decision document. */
type Arbitrated = ReportState & { status: ReportStatus };

/**
 * Arbitrates one competing decision. Keeping the applied decision changes nothing but the history;
 * adopting the competing one plans it, as its author, on the report as it is now, decision document
 * included (the same planning as every mutation), so it is refused with the reason if it no longer
 * makes sense (nothing is changed then), and writes the whole decision that results. An adopted review
 * (approval or return) is the arbiter's: they are the one who looked at the decision as it stands.
 * Either way the arbitration is an audited event of the report, with the supervisor's comment, under a
 * new version so that every workstation's pull brings it.
 */
export async function resolveCompeting(db: Db, who: AccessClaims, id: string, req: ResolveCompeting): Promise<ResolvedCompeting> {
  requireArbiter(who);
  return withReportsLock(db, async (tx) => {
    const [c] = await queryRows<Pending>(
      tx,
      sql`select c.id, c.report_id, c.user_id, c.actor, c.name, c.args, c.resolved_at, c.base_version, c.current_version, u.role from competing_decisions c left join users u on u.id = c.user_id where c.id = ${id} for update of c`,
    );
    if (!c) throw new KindedError('not_found', 'Décision concurrente inconnue.');
    if (c.resolved_at) throw new KindedError('conflict', 'Cette décision concurrente a déjà été arbitrée.');
    const state = await loadState(tx, c.report_id);
    const now = new Date();
    let next: Arbitrated = state;
    const events: PlannedEvent[] = [];
    if (req.resolution === 'adopt_competing') {
      const adopted = await planAdoption(tx, c, state, who, now, req.comment);
      events.push(...adopted.events);
      next = { ...state, status: adopted.status, claimedBy: adopted.claimedBy, leaseUntil: adopted.leaseUntil, ...(adopted.decision ? { decision: adopted.decision } : {}) };
    } else {
      const kept = ranInto(await appliedChanges(tx, [c.report_id]), c);
      refuseParty(kept?.actor === who.username, 'maintenir sa propre décision contre une décision concurrente');
    }
    const verdict = req.resolution === 'adopt_competing' ? `adoptée (décision de ${c.actor} : ${c.name})` : `écartée, la décision appliquée est maintenue (décision de ${c.actor} : ${c.name})`;
    events.push({ action: 'arbitrate', actor: who.username, fromStatus: next.status, toStatus: next.status, detail: `Décision concurrente ${verdict} — ${req.comment}` });
    const version = await writeArbitration(tx, who, next, events, now);
    await tx.execute(sql`update competing_decisions set resolved_at = ${now.toISOString()}::timestamptz, resolved_by = ${who.username},
      resolution = ${req.resolution}, resolution_comment = ${req.comment} where id = ${id}`);
    return { id, resolution: req.resolution, resolvedAt: now.toISOString(), reportVersion: version, reportStatus: next.status };
  });
}

/** Four-eyes for the arbiter: nobody settles a conflict in favour of their own work. */
function refuseParty(party: boolean, what: string): void {
  if (party) throw new KindedError('forbidden', `Arbitrage refusé : personne ne peut ${what} (règle des quatre yeux) ; un autre superviseur doit arbitrer.`);
}

async function planAdoption(tx: Tx, c: Pending, state: ReportState, who: AccessClaims, now: Date, comment: string): Promise<Plan> {
  const parsed = parseMutation(c.name, c.args);
  const role = RoleSchema.safeParse(c.role);
  if (!parsed.ok || !role.success) throw new KindedError('validation', 'Décision concurrente illisible : elle ne peut pas être adoptée.');
  refuseParty(c.actor === who.username, 'adopter sa propre décision concurrente');
  const m = parsed.mutation;
  const services = await loadServices(tx, m.name === 'orient' && m.args.orientation.serviceId ? [m.args.orientation.serviceId] : []);
  const planned = planMutation(m, state, { username: c.actor, role: role.data }, now, { service: (sid) => services.get(sid) ?? null });
  if (!planned.ok) {
    throw new KindedError(planned.refusal.kind === 'forbidden' ? 'forbidden' : 'conflict', `Adoption impossible sur l’état actuel du signalement : ${planned.refusal.message} Rien n’a été modifié.`);
  }
  const plan = planned.plan;
  const verdict = m.name === 'approve' ? 'approved' : m.name === 'returnToAnalyst' ? 'returned' : null;
  if (!verdict || !plan.decision) return plan;
  // Adopting a review is reviewing: the arbiter must not have written any part of the decision reviewed.
  const problem = fourEyesProblem(plan.decision, null, who.username);
  if (problem) throw new KindedError('forbidden', `Adoption refusée : ${problem}`);
  return { ...plan, decision: { ...plan.decision, review: { verdict, by: who.username, at: now.toISOString(), comment } } };
}

async function loadState(tx: Tx, reportId: string): Promise<ReportState> {
  const [r] = await queryRows<StateRow>(tx, sql`select id, status, category, claimed_by, lease_until, assigned_to, version, decision from reports where id = ${reportId}`);
  if (!r) throw new KindedError('not_found', 'Signalement inconnu du serveur.');
  return {
    id: r.id, status: r.status, category: r.category, claimedBy: r.claimed_by, leaseUntil: r.lease_until === null ? null : iso(r.lease_until), assignedTo: r.assigned_to,
    version: Number(r.version), ...(r.decision ? { decision: r.decision } : {}),
  };
}

async function writeArbitration(tx: Tx, who: AccessClaims, next: ReportState, events: readonly PlannedEvent[], now: Date): Promise<number> {
  const [v] = await queryRows<{ v: string | number }>(tx, sql`select nextval('report_version_seq') as v`);
  const version = Number(v?.v);
  await tx.insert(reportEvents).values(events.map((e, k) => ({ id: randomUUID(), reportId: next.id, at: new Date(now.getTime() + k), ...e, deviceId: who.deviceId })));
  // The whole decision document: the report's sync document is rebuilt from it by the update's trigger.
  const decision = next.decision ? JSON.stringify(next.decision) : null;
  await tx.execute(sql`update reports set status = ${next.status}, claimed_by = ${next.claimedBy}, lease_until = ${next.leaseUntil}::timestamptz,
    decision = ${decision}::jsonb, updated_at = ${now.toISOString()}::timestamptz, version = ${version} where id = ${next.id}`);
  return version;
}
