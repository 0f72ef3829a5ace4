import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  parseMutation,
  planMutation,
  usesVersionCheck,
  type Actor,
  type AuditEntry,
  type MutationOutcome,
  type MutationReason,
  type PushedMutation,
  type ReportState,
  type Category,
  type Decision,
  type ReportStatus,
  type CaptureRecord,
} from '@shared';
import { insertJson, queryRows, type Tx } from '../db/rows';
import { captures, competingDecisions, reportEvents, syncMutations } from '../db/schema';
import { appendServerAudit, type ServerAuditEvent } from '../audit/log';
import { loadServices } from '../review';
import { scopePredicate } from './scope';

/** The pusher: an officer on an enrolled device (the client of the mutations). */
export type Pusher = Actor & { userId: string; clientId: string };

/** Times for a mutation's events: `count` consecutive milliseconds, after those of earlier mutations. */
export type EventClock = (count: number) => Date;

type Row = {
  id: string;
  status: ReportStatus;
  category: Category;
  claimed_by: string | null;
  lease_until: Date | string | null;
  assigned_to: string | null;
  version: string | number;
  authored_version: string | number;
  decision: Decision | null;
  in_scope: boolean;
};
type LogRow = typeof syncMutations.$inferInsert;
type EventRow = typeof reportEvents.$inferInsert;
type CompetingRow = typeof competingDecisions.$inferInsert;
type CaptureRow = typeof captures.$inferInsert;
/** An applied change to a report's row: its final state after the batch. */
type Written = ReportState & { updatedAt: Date };

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const uuidArray = (ids: readonly string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]::uuid[]`;

/** Which of these reports changed, after which version, by whom: what decisions are compared against. */
type Writes = Map<string, { version: number; clientId: string }[]>;

/**
 * Applies consecutive mutations of one client inside the caller's transaction (which holds the reports
 * lock), as a handful of statements whatever their number: states loaded at once, each mutation planned
 * in order on the state left by the previous ones (the same pure planning as the workstation's), then
 * events, report rows, the mutation log and competing decisions written in one statement each. Each
 * mutation gets its own report version from the sequence, so the compare-and-set of a later decision
 * sees exactly which changes came from whom.
 */
export async function applyBatch(tx: Tx, who: Pusher, batch: readonly PushedMutation[], clock: EventClock, deviceEntries: readonly AuditEntry[] = []): Promise<MutationOutcome[]> {
  const now = new Date();
  const parsed = batch.map((m) => ({ m, p: parseMutation(m.name, m.args) }));
  const reportIds = [...new Set(parsed.flatMap(({ p }) => (p.ok ? [p.mutation.args.reportId] : [])))];
  const { states, authored, outOfScope } = await loadStates(tx, reportIds, who);
  const writes = await loadWrites(tx, reportIds);
  const versions = await nextVersions(tx, batch.length);
  // Orientations are checked against the directory as it is now, in the same transaction.
  const serviceIds = parsed.flatMap(({ p }) => (p.ok && p.mutation.name === 'orient' && p.mutation.args.orientation.serviceId ? [p.mutation.args.orientation.serviceId] : []));
  const services = await loadServices(tx, [...new Set(serviceIds)]);
  const ctx = { service: (id: string) => services.get(id) ?? null };
  const out = { outcomes: [] as MutationOutcome[], log: [] as LogRow[], events: [] as EventRow[], competing: [] as CompetingRow[], captures: [] as CaptureRow[], rows: new Map<string, Written>() };
  parsed.forEach(({ m, p }, i) => {
    const logRow = { clientId: who.clientId, mutationId: m.id, userId: who.userId, name: m.name, args: m.args ?? null, createdAt: new Date(m.createdAt), processedAt: now };
    const reject = (reportId: string | null, reason: MutationReason): void => {
      out.outcomes.push({ id: m.id, status: 'rejected', reason });
      out.log.push({ ...logRow, reportId, status: 'rejected', reasonKind: reason.kind, reasonMessage: reason.message });
    };
    if (!p.ok) return reject(null, { kind: 'validation', message: p.message });
    const mutation = p.mutation;
    const reportId = mutation.args.reportId;
    const state = states.get(reportId);
    if (!state) return reject(reportId, { kind: 'not_found', message: 'Signalement inconnu du serveur.' });
    // Only what the pusher may hold on their workstation can be changed by them (scope as at the start of
    // the batch: their own mutations cannot bring a report into scope that the planning would refuse).
    if (outOfScope.has(reportId)) return reject(reportId, { kind: 'forbidden', message: 'Refusé : ce signalement est hors de votre périmètre (ni dans la file commune, ni pris en charge par vous, ni attribué à vous).' });
    const planned = planMutation(mutation, state, who, now, ctx);
    if (!planned.ok) return reject(reportId, planned.refusal);
    if (usesVersionCheck(mutation) && 'baseVersion' in mutation.args && changedByOthers(writes.get(reportId) ?? [], who, authored.get(reportId) ?? state.version, mutation.args.baseVersion)) {
      out.competing.push({ id: randomUUID(), reportId, clientId: who.clientId, mutationId: m.id, userId: who.userId, actor: who.username, name: mutation.name, args: mutation.args, baseVersion: mutation.args.baseVersion, currentVersion: state.version, at: now });
      return reject(reportId, { kind: 'conflict', message: 'Conflit : le signalement a été modifié par quelqu’un d’autre depuis votre décision ; elle est conservée pour arbitrage.' });
    }
    const version = versions[i] ?? 0;
    const at = clock(planned.plan.events.length);
    planned.plan.events.forEach((e, k) => out.events.push({ id: randomUUID(), reportId, at: new Date(at.getTime() + k), ...e, deviceId: who.clientId }));
    if (planned.plan.capture) out.captures.push(captureRow(planned.plan.capture, who, at));
    const { status, claimedBy, leaseUntil, decision } = planned.plan;
    const next: Written = { ...state, status, claimedBy, leaseUntil, decision, version, updatedAt: at };
    states.set(reportId, next);
    out.rows.set(reportId, next);
    writes.set(reportId, [...(writes.get(reportId) ?? []), { version, clientId: who.clientId }]);
    authored.set(reportId, version);
    out.outcomes.push({ id: m.id, status: 'applied' });
    out.log.push({ ...logRow, reportId, status: 'applied', versionAfter: version });
  });
  await writeBatch(tx, out);
  await appendServerAudit(tx, auditEvents(who, batch, out.outcomes, deviceEntries, now));
  return out.outcomes;
}

/**
 * One entry of the server's chain per processed mutation, applied or rejected: which mutation, its
 * outcome, and the device entry that recorded it (linking the two chains, and through its payload hash
 * committing to the arguments applied).
 */
function auditEvents(who: Pusher, batch: readonly PushedMutation[], outcomes: readonly MutationOutcome[], deviceEntries: readonly AuditEntry[], at: Date): ServerAuditEvent[] {
  const bySeq = new Map(deviceEntries.map((e) => [e.seq, e]));
  return batch.map((m, i) => {
    const outcome = outcomes[i];
    const status = outcome?.status ?? 'rejected';
    const entry = m.auditSeq === undefined ? undefined : bySeq.get(m.auditSeq);
    // The arguments are in sync_mutations; the device entry's payloadHash commits to them.
    const payload = {
      clientId: who.clientId, mutationId: m.id, userId: who.userId, name: m.name, createdAt: m.createdAt, status,
      reason: outcome?.status === 'rejected' ? outcome.reason : undefined,
      deviceEntry: entry ? { seq: entry.seq, hash: entry.hash, payloadHash: entry.payloadHash } : null,
    };
    return { actor: who.username, device: who.clientId, at, action: `mutation.${status}`, payload };
  });
}

/**
 * Compare-and-set of a decision: refused when the report changed since the version the officer saw,
 * unless every change since was this client's own earlier mutation (an offline sequence on one report).
 * A change made outside the mutation log (intake grouping a duplicate, an arbitration) counts as someone
 * else's; the server's bookkeeping (a capture's copy arrived) is nobody's: `authored` is the version of
 * the last change someone made (reports.authored_version, migration 0010).
 */
function changedByOthers(writes: readonly { version: number; clientId: string }[], who: Pusher, authored: number, baseVersion: number): boolean {
  if (authored <= baseVersion) return false;
  if (writes.some((w) => w.version > baseVersion && w.clientId !== who.clientId)) return true;
  return !writes.some((w) => w.version === authored && w.clientId === who.clientId);
}

async function loadStates(tx: Tx, ids: readonly string[], who: Actor): Promise<{ states: Map<string, ReportState>; authored: Map<string, number>; outOfScope: Set<string> }> {
  if (ids.length === 0) return { states: new Map(), authored: new Map(), outOfScope: new Set() };
  const rows = await queryRows<Row>(
    tx,
    sql`select id, status, category, claimed_by, lease_until, assigned_to, version, authored_version, decision, (${scopePredicate(who.role, who.username)}) as in_scope from reports where id = any(${uuidArray(ids)})`,
  );
  const state = (r: Row): ReportState => ({
    id: r.id, status: r.status, category: r.category, claimedBy: r.claimed_by, leaseUntil: iso(r.lease_until), assignedTo: r.assigned_to,
    version: Number(r.version), ...(r.decision ? { decision: r.decision } : {}),
  });
  return { states: new Map(rows.map((r) => [r.id, state(r)])), authored: new Map(rows.map((r) => [r.id, Number(r.authored_version)])), outOfScope: new Set(rows.filter((r) => !r.in_scope).map((r) => r.id)) };
}

async function loadWrites(tx: Tx, ids: readonly string[]): Promise<Writes> {
  const writes: Writes = new Map();
  if (ids.length === 0) return writes;
  // A report is handled through a handful of mutations: its applied ones are few, served by the index.
  const rows = await queryRows<{ report_id: string; version_after: string | number; client_id: string }>(
    tx,
    sql`select report_id, version_after, client_id from sync_mutations where report_id = any(${uuidArray(ids)}) and version_after is not null`,
  );
  for (const r of rows) writes.set(r.report_id, [...(writes.get(r.report_id) ?? []), { version: Number(r.version_after), clientId: r.client_id }]);
  return writes;
}

async function nextVersions(tx: Tx, n: number): Promise<number[]> {
  const rows = await queryRows<{ v: string | number }>(tx, sql`select nextval('report_version_seq') as v from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.v)).sort((a, b) => a - b);
}

function captureRow(c: CaptureRecord, who: Pusher, at: Date): CaptureRow {
  return {
    id: c.captureId, reportId: c.reportId, url: c.url, finalUrl: c.finalUrl, state: c.state, startedAt: new Date(c.startedAt), endedAt: new Date(c.endedAt),
    waczSha256: c.waczSha256, waczBytes: c.waczBytes, signerFingerprint: c.signerFingerprint, recordedBy: who.userId, recordedByName: who.username,
    deviceId: who.clientId, recordedAt: at,
  };
}

type Out = { log: LogRow[]; events: EventRow[]; competing: CompetingRow[]; captures: CaptureRow[]; rows: Map<string, Written> };

async function writeBatch(tx: Tx, out: Out): Promise<void> {
  if (out.events.length > 0) {
    // Every report given events here is updated just below: its sync document is built once, by that
    // update, instead of once more by the events' trigger (migration 0004).
    await tx.execute(sql`select set_config('pharos.sync_doc_deferred', 'on', true)`);
    await insertJson(tx, reportEvents, out.events);
    await tx.execute(sql`select set_config('pharos.sync_doc_deferred', 'off', true)`);
  }
  // Before the reports' update, which rebuilds their documents with their captures (migration 0006).
  // A capture id is recorded once: the first record stands (mutations are exactly-once per client anyway).
  if (out.captures.length > 0) await tx.insert(captures).values(out.captures).onConflictDoNothing({ target: captures.id });
  if (out.rows.size > 0) {
    const values = [...out.rows.values()].map(
      (r) =>
        sql`(${r.id}::uuid, ${r.status}, ${r.claimedBy}, ${r.leaseUntil}::timestamptz, ${r.updatedAt.toISOString()}::timestamptz, ${r.version}::bigint, ${r.decision ? JSON.stringify(r.decision) : null}::jsonb)`,
    );
    await tx.execute(sql`update reports r set status = v.status, claimed_by = v.claimed_by, lease_until = v.lease_until, updated_at = v.updated_at, version = v.version, decision = v.decision
      from (values ${sql.join(values, sql`, `)}) as v(id, status, claimed_by, lease_until, updated_at, version, decision) where r.id = v.id`);
  }
  if (out.log.length > 0) await insertJson(tx, syncMutations, out.log);
  if (out.competing.length > 0) await tx.insert(competingDecisions).values(out.competing);
}
