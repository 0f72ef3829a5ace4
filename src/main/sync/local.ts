import type { Report } from '@shared/domain/report';
import type { Role } from '@shared/domain/roles';
import { KindedError } from '@shared/result';
import { parseMutation, type Mutation } from '@shared/sync/mutations';
import { applyPlan, planMutation } from '@shared/sync/plan';
import type { Rejection } from '@shared/sync/push';
import { KV_KEYS, type LocalDb, type OutboxEntry } from '../db';
import { appendMutationAudit } from '../audit';
import { planContext } from './directory';

/** Who records a change, on which client (the enrolled device). */
export type LocalActor = { clientId: string; userId: string; username: string; role: Role };

const localEventId = (mutationId: number) => (i: number) => `local:${mutationId}:${i}`;

/**
 * Records a local change: its optimistic effect on the report and its outbox entry commit in ONE
 * transaction with its audit entry, so a crash leaves all three or none. The first local change on a report keeps the
 * server's version of it, so the change can be re-applied on newer server data or dropped if refused.
 * A change that cannot succeed on what this workstation knows is refused at once (nothing recorded).
 */
export function recordMutation(db: LocalDb, actor: LocalActor, mutation: Mutation, now: Date = new Date()): { report: Report; mutationId: number } {
  // Checked again here, whoever built it: what enters the outbox is what the server will accept as
  // well-formed (a change it cannot even store would otherwise wait in the outbox for ever).
  const checked = parseMutation(mutation.name, mutation.args);
  if (!checked.ok) throw new KindedError('validation', checked.message);
  return db.transaction(() => {
    const reportId = mutation.args.reportId;
    const current = db.getReport(reportId);
    if (!current) throw new KindedError('not_found', 'Signalement introuvable sur ce poste (pas encore synchronisé ?).');
    const planned = planMutation(mutation, current, actor, now, planContext(db));
    if (!planned.ok) throw new KindedError(planned.refusal.kind, planned.refusal.message);
    const at = now.toISOString();
    if (!db.outbox.base.get(reportId)) db.outbox.base.set(current);
    // Its audit entry names the id the outbox row takes just below, in the same transaction.
    const entry = appendMutationAudit(db, actor, { id: db.outbox.nextId(actor.clientId), name: mutation.name, args: mutation.args }, now);
    const mutationId = db.outbox.append({ ...actor, name: mutation.name, args: mutation.args, reportId, createdAt: at, auditSeq: entry.seq });
    const report = applyPlan(current, planned.plan, at, localEventId(mutationId));
    db.writer.putReport(report);
    return { report, mutationId };
  });
}

/** The report with the waiting entries applied in order; entries that no longer apply show nothing. */
function replay(base: Report, entries: readonly OutboxEntry[], now: Date): Report {
  let report = base;
  for (const e of entries) {
    const parsed = parseMutation(e.name, e.args);
    if (!parsed.ok) continue;
    const planned = planMutation(parsed.mutation, report, { username: e.username, role: e.role }, now);
    if (planned.ok) report = applyPlan(report, planned.plan, e.createdAt, localEventId(e.id));
  }
  return report;
}

/**
 * Shows the server's state of these reports with the still-waiting local changes on top (inside the
 * caller's transaction). A report with no waiting change gets its server version back: a refused
 * change disappears from the screen.
 */
export function rebaseReports(db: LocalDb, reportIds: Iterable<string>, now: Date = new Date()): void {
  for (const id of reportIds) {
    const entries = db.outbox.forReport(id);
    const stored = db.outbox.base.get(id);
    if (entries.length === 0) {
      if (stored) {
        db.writer.putReport(stored);
        db.outbox.base.delete(id);
      }
      continue;
    }
    // No kept version: the row holds the server's state (a pull just wrote it).
    const base = stored ?? db.getReport(id);
    if (!base) continue;
    if (!stored) db.outbox.base.set(base);
    db.writer.putReport(replay(base, entries, now));
  }
}

/**
 * After a complete pull: the server processed this client's mutations up to `lastMutationId`. They
 * leave the outbox (refused ones are kept with their reason) and every touched report is rebuilt.
 */
export function acknowledge(db: LocalDb, clientId: string, lastMutationId: number, rejections: readonly Rejection[]): number {
  return db.transaction(() => {
    const rejected = new Map(rejections.map((r) => [r.id, r.reason]));
    const done = db.outbox.acknowledge(clientId, lastMutationId, rejected, new Date().toISOString());
    db.kv.set(KV_KEYS.lastMutationId, lastMutationId);
    rebaseReports(db, db.outbox.touchedReports());
    return done;
  });
}

/** What the officer is told after the server was found behind this workstation. */
export type ServerRestoredNotice = { at: string; resent: number; serverLastMutationId: number; knownLastMutationId: number };

/**
 * The server says it processed this client's mutations only up to `serverLast`, while an earlier pull
 * confirmed more: it was restored from an older backup. The changes it lost come back from the kept
 * acknowledged ones into the outbox with their ids (so they are pushed again and applied once), the
 * pull starts over (the server's versions went back too), and the officer is told. Returns how many changes were put back.
 */
export function restoreAfterServerLoss(db: LocalDb, clientId: string, serverLast: number): number {
  return db.transaction(() => {
    const known = db.kv.get<number>(KV_KEYS.lastMutationId) ?? 0;
    const restored = db.outbox.restoreAcknowledged(clientId, serverLast);
    db.kv.set(KV_KEYS.lastMutationId, serverLast);
    db.kv.delete(KV_KEYS.syncCursor);
    // The server's copy of this device's audit chain went back too, to a point this workstation cannot
    // know: the next push sends the chain from its start (entries the server still holds are checked as
    // identical, the others stored), so the re-sent changes come with their entries.
    db.audit.setPushedSeq(clientId, 0);
    const notice: ServerRestoredNotice = { at: new Date().toISOString(), resent: restored.length, serverLastMutationId: serverLast, knownLastMutationId: known };
    db.kv.set(KV_KEYS.serverRestored, notice);
    // No rebase here: the rows still show the old server state, with these changes in it; the full pull
    // that follows brings the restored state and re-applies them on top.
    return restored.length;
  });
}
