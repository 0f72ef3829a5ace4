import { findUnstorable, parseMutation, type AuditEntry, type MutationOutcome, type PushedMutation } from '@shared';
import { insertJson, type Tx } from '../db/rows';
import { syncMutations } from '../db/schema';
import { appendServerAudit } from '../audit/log';
import { applyBatch, type EventClock, type Pusher } from './apply';

/**
 * Mutations whose arguments hold text PostgreSQL cannot store (U+0000, a lone surrogate:
 * src/shared/text.ts). Like any malformed mutation they are rejected — permanently, with the reason, the
 * outbox moves on — but they cannot go through applyBatch, which keeps each mutation's arguments as
 * jsonb: the database would refuse the whole chunk, and every later push of the device with it.
 *
 * Their record keeps the arguments as their JSON text (JSON.stringify escapes both), which is
 * storable and gives back the exact arguments: the device's audit entry, whose payload hash commits to
 * them, can still be checked against what the server holds.
 */
export const hasUnstorableArgs = (m: PushedMutation): boolean => findUnstorable(m.args) !== null;

/**
 * Applies consecutive fresh mutations in order: runs of storable ones through applyBatch, each
 * unstorable one rejected in between (so the state each mutation is decided on is the same).
 */
export async function applyInOrder(tx: Tx, who: Pusher, fresh: readonly PushedMutation[], clock: EventClock, entries: readonly AuditEntry[]): Promise<MutationOutcome[]> {
  const outcomes: MutationOutcome[] = [];
  let run: PushedMutation[] = [];
  const flush = async (): Promise<void> => {
    if (run.length > 0) outcomes.push(...(await applyBatch(tx, who, run, clock, entries)));
    run = [];
  };
  for (const m of fresh) {
    if (!hasUnstorableArgs(m)) {
      run.push(m);
      continue;
    }
    await flush();
    outcomes.push(await rejectUnstorable(tx, who, m, entries));
  }
  await flush();
  return outcomes;
}

/**
 * Records the rejection as applyBatch records any other: a row of the mutation log and an entry of the
 * server's chain (`mutation.rejected`, with the same payload fields, linked to the device's entry).
 */
async function rejectUnstorable(tx: Tx, who: Pusher, m: PushedMutation, entries: readonly AuditEntry[]): Promise<MutationOutcome> {
  const parsed = parseMutation(m.name, m.args);
  const reason = { kind: 'validation' as const, message: parsed.ok ? 'arguments impossibles à enregistrer' : parsed.message };
  const now = new Date();
  await insertJson(tx, syncMutations, [
    {
      clientId: who.clientId, mutationId: m.id, userId: who.userId, name: m.name, args: { unstorableJson: JSON.stringify(m.args) ?? null },
      reportId: null, createdAt: new Date(m.createdAt), processedAt: now, status: 'rejected', reasonKind: reason.kind, reasonMessage: reason.message,
    },
  ]);
  const entry = m.auditSeq === undefined ? undefined : entries.find((e) => e.seq === m.auditSeq);
  const payload = {
    clientId: who.clientId, mutationId: m.id, userId: who.userId, name: m.name, createdAt: m.createdAt, status: 'rejected', reason,
    deviceEntry: entry ? { seq: entry.seq, hash: entry.hash, payloadHash: entry.payloadHash } : null,
  };
  await appendServerAudit(tx, [{ actor: who.username, device: who.clientId, at: now, action: 'mutation.rejected', payload }]);
  return { id: m.id, status: 'rejected', reason };
}
