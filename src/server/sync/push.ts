import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { isMutationName, KindedError, type MutationOutcome, type PushRequest, type PushResponse, type Rejection } from '@shared';
import type { Db } from '../db/database';
import { queryRows, withReportsLock, type Tx } from '../db/rows';
import { syncRefusals } from '../db/schema';
import type { AccessClaims } from '../auth/tokens';
import { applyBatch, type Pusher } from './apply';

/**
 * Mutations applied per transaction. Each mutation is decided on the state left by the previous one
 * and a rejection writes nothing but its record, so a chunk commits or fails as a whole: a failure
 * (database error, server stopped) leaves lastMutationId at the last committed chunk and the client's
 * retry resumes exactly there. Chunks keep the reports lock short for intake.
 */
const CHUNK = 200;

async function lastMutationId(db: Pick<Db, 'execute'>, clientId: string): Promise<number> {
  const [row] = await queryRows<{ last: string | number }>(db, sql`select last_mutation_id as last from sync_clients where client_id = ${clientId}`);
  return Number(row?.last ?? 0);
}

/** Refuses the whole request (nothing applied) and keeps a record of who tried what. */
async function refuse(db: Db, who: AccessClaims, req: Pick<PushRequest, 'clientId'>, kind: 'forbidden' | 'conflict' | 'validation', reason: string): Promise<never> {
  const status = kind === 'forbidden' ? 403 : kind === 'conflict' ? 409 : 400;
  await db.insert(syncRefusals).values({ id: randomUUID(), at: new Date(), userId: who.userId, deviceId: who.deviceId, clientId: req.clientId, status, reason });
  throw new KindedError(kind, reason);
}

async function checkRequest(db: Db, who: AccessClaims, req: PushRequest): Promise<void> {
  if (req.clientId !== who.deviceId) await refuse(db, who, req, 'forbidden', 'Push refusé : ces modifications viennent d’un autre poste que celui de la session.');
  if (req.userId !== who.userId) await refuse(db, who, req, 'forbidden', 'Push refusé : ces modifications ont été enregistrées par un autre agent ; il doit se connecter pour les envoyer.');
  const unknown = req.mutations.find((m) => !isMutationName(m.name));
  if (unknown) await refuse(db, who, req, 'validation', `Push refusé : mutation inconnue « ${unknown.name.slice(0, 60)} » (n° ${unknown.id}).`);
  const broken = req.mutations.findIndex((m, i) => i > 0 && m.id !== (req.mutations[i - 1]?.id ?? 0) + 1);
  if (broken > 0) await refuse(db, who, req, 'validation', `Push refusé : les numéros de modification doivent se suivre (n° ${req.mutations[broken]?.id} après n° ${req.mutations[broken - 1]?.id}).`);
  const last = await lastMutationId(db, req.clientId);
  const first = req.mutations[0]?.id ?? 0;
  if (first > last + 1) {
    await refuse(db, who, req, 'conflict', `Push refusé : modifications n° ${last + 1} à ${first - 1} manquantes (le serveur en est au n° ${last}). Rien n’a été appliqué.`);
  }
}

/**
 * POST /sync/push: applies a client's mutations exactly once, in order. Ids at or below the client's
 * lastMutationId are retries (no-ops); a gap is refused before anything is applied. Every processed
 * mutation, applied or rejected, is recorded with the new lastMutationId in the same transaction.
 */
export async function pushMutations(db: Db, who: AccessClaims, req: PushRequest): Promise<PushResponse> {
  await checkRequest(db, who, req);
  const pusher: Pusher = { username: who.username, role: who.role, userId: who.userId, clientId: req.clientId };
  const outcomes: MutationOutcome[] = [];
  let last = 0;
  for (let i = 0; i < req.mutations.length; i += CHUNK) {
    const chunk = req.mutations.slice(i, i + CHUNK);
    last = await withReportsLock(db, async (tx) => applyChunk(tx, pusher, chunk, outcomes));
  }
  return { lastMutationId: last, outcomes };
}

/**
 * Event times strictly increase (1 ms apart at least, the column's precision), so the feed, which orders
 * a report's events by time, shows them as they were applied even within one chunk.
 */
let lastEventTime = 0;
function eventClock(count: number): Date {
  const t = Math.max(Date.now(), lastEventTime + 1);
  lastEventTime = t + Math.max(0, count - 1);
  return new Date(t);
}

async function applyChunk(tx: Tx, who: Pusher, chunk: PushRequest['mutations'], outcomes: MutationOutcome[]): Promise<number> {
  await tx.execute(sql`insert into sync_clients (client_id, last_mutation_id) values (${who.clientId}, 0) on conflict do nothing`);
  // Read again under the lock: a duplicate of this request may have been applied meanwhile.
  const last = await lastMutationId(tx, who.clientId);
  const fresh = chunk.filter((m) => m.id > last);
  const duplicates: MutationOutcome[] = chunk.filter((m) => m.id <= last).map((m) => ({ id: m.id, status: 'duplicate' }));
  if (fresh.length === 0) {
    outcomes.push(...duplicates);
    return last;
  }
  // The request's ids follow each other (checked up front), so the fresh ones start right after `last`.
  if (fresh[0]?.id !== last + 1) throw new KindedError('conflict', `Modification n° ${last + 1} manquante : rien de plus n’a été appliqué.`);
  const applied = await applyBatch(tx, who, fresh, eventClock);
  const newLast = fresh[fresh.length - 1]?.id ?? last;
  await tx.execute(sql`update sync_clients set last_mutation_id = ${newLast}, updated_at = now() where client_id = ${who.clientId}`);
  outcomes.push(...duplicates, ...applied);
  return newLast;
}

/** For pull: the client's lastMutationId and the rejections after what it already knows. */
export async function mutationStatus(db: Pick<Db, 'execute'>, clientId: string, known: number): Promise<{ last: number; rejections: Rejection[] }> {
  const last = await lastMutationId(db, clientId);
  if (last <= known) return { last, rejections: [] };
  const rows = await queryRows<{ id: string | number; name: string; kind: Rejection['reason']['kind']; message: string }>(
    db,
    sql`select mutation_id as id, name, reason_kind as kind, reason_message as message from sync_mutations
      where client_id = ${clientId} and mutation_id > ${known} and mutation_id <= ${last} and status = 'rejected' order by mutation_id`,
  );
  return { last, rejections: rows.map((r) => ({ id: Number(r.id), name: r.name, reason: { kind: r.kind, message: r.message } })) };
}
