import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  parseMutation,
  planMutation,
  usesVersionCheck,
  type Actor,
  type Mutation,
  type MutationOutcome,
  type MutationReason,
  type Plan,
  type PushedMutation,
  type ReportState,
  type ReportStatus,
} from '@shared';
import { queryRows, type Tx } from '../db/rows';
import { competingDecisions, reportEvents, syncMutations } from '../db/schema';

/** The pusher: an officer on an enrolled device (the client of the mutations). */
export type Pusher = Actor & { userId: string; clientId: string };

type Row = { id: string; status: ReportStatus; claimed_by: string | null; lease_until: Date | string | null; assigned_to: string | null; version: string | number };

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

async function loadState(tx: Tx, reportId: string): Promise<ReportState | null> {
  const [row] = await queryRows<Row>(tx, sql`select id, status, claimed_by, lease_until, assigned_to, version from reports where id = ${reportId}`);
  if (!row) return null;
  return { id: row.id, status: row.status, claimedBy: row.claimed_by, leaseUntil: iso(row.lease_until), assignedTo: row.assigned_to, version: Number(row.version) };
}

/**
 * Compare-and-set of a decision: refused when the report changed since the version the officer saw,
 * unless every change since was this client's own earlier mutation (an offline sequence on one report).
 */
async function changedByOthers(tx: Tx, who: Pusher, state: ReportState, baseVersion: number): Promise<boolean> {
  if (state.version <= baseVersion) return false;
  const [row] = await queryRows<{ foreign: boolean; own_last: boolean }>(
    tx,
    sql`select exists(select 1 from sync_mutations where report_id = ${state.id} and version_after > ${baseVersion} and client_id <> ${who.clientId}) as foreign,
      exists(select 1 from sync_mutations where report_id = ${state.id} and version_after = ${state.version} and client_id = ${who.clientId}) as own_last`,
  );
  return Boolean(row?.foreign) || !row?.own_last;
}

/** Applies one mutation inside the caller's transaction (which holds the reports lock); returns its outcome. */
/** Times for a mutation's events: `count` consecutive milliseconds, after those of earlier mutations. */
export type EventClock = (count: number) => Date;

export async function applyMutation(tx: Tx, who: Pusher, m: PushedMutation, clock: EventClock): Promise<MutationOutcome> {
  const now = new Date();
  const parsed = parseMutation(m.name, m.args);
  if (!parsed.ok) return reject(tx, who, m, null, { kind: 'validation', message: parsed.message }, now);
  const mutation = parsed.mutation;
  const reportId = mutation.args.reportId;
  const state = await loadState(tx, reportId);
  if (!state) return reject(tx, who, m, reportId, { kind: 'not_found', message: 'Signalement inconnu du serveur.' }, now);
  const planned = planMutation(mutation, state, who, now);
  if (!planned.ok) return reject(tx, who, m, reportId, planned.refusal, now);
  if (usesVersionCheck(mutation) && 'baseVersion' in mutation.args && (await changedByOthers(tx, who, state, mutation.args.baseVersion))) {
    await keepCompeting(tx, who, m, mutation, state, now);
    return reject(tx, who, m, reportId, { kind: 'conflict', message: 'Conflit : le signalement a été modifié par quelqu’un d’autre depuis votre décision ; elle est conservée pour arbitrage.' }, now);
  }
  const version = await writePlan(tx, who, reportId, planned.plan, clock(planned.plan.events.length));
  await tx.insert(syncMutations).values({ ...logRow(who, m, reportId, now), status: 'applied', versionAfter: version });
  return { id: m.id, status: 'applied' };
}

async function writePlan(tx: Tx, who: Pusher, reportId: string, plan: Plan, now: Date): Promise<number> {
  if (plan.events.length > 0) {
    await tx.insert(reportEvents).values(
      // Events of one mutation share its time; a millisecond apart keeps their order in the feed.
      plan.events.map((e, i) => ({ id: randomUUID(), reportId, at: new Date(now.getTime() + i), ...e, deviceId: who.clientId })),
    );
  }
  const [row] = await queryRows<{ version: string | number }>(
    tx,
    sql`update reports set status = ${plan.status}, claimed_by = ${plan.claimedBy}, lease_until = ${plan.leaseUntil},
      updated_at = ${now.toISOString()}, version = nextval('report_version_seq') where id = ${reportId} returning version`,
  );
  return Number(row?.version);
}

function logRow(who: Pusher, m: PushedMutation, reportId: string | null, now: Date) {
  return { clientId: who.clientId, mutationId: m.id, userId: who.userId, name: m.name, args: m.args ?? null, reportId, createdAt: new Date(m.createdAt), processedAt: now };
}

async function reject(tx: Tx, who: Pusher, m: PushedMutation, reportId: string | null, reason: MutationReason, now: Date): Promise<MutationOutcome> {
  await tx.insert(syncMutations).values({ ...logRow(who, m, reportId, now), status: 'rejected', reasonKind: reason.kind, reasonMessage: reason.message });
  return { id: m.id, status: 'rejected', reason };
}

async function keepCompeting(tx: Tx, who: Pusher, m: PushedMutation, mutation: Mutation, state: ReportState, now: Date): Promise<void> {
  const baseVersion = 'baseVersion' in mutation.args ? mutation.args.baseVersion : 0;
  await tx.insert(competingDecisions).values({
    id: randomUUID(), reportId: state.id, clientId: who.clientId, mutationId: m.id, userId: who.userId, actor: who.username,
    name: mutation.name, args: mutation.args, baseVersion, currentVersion: state.version, at: now,
  });
}
