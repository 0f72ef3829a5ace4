import { sql } from 'drizzle-orm';
import { isMutationName, KindedError, printable, type AuditEntry, type ChainHead, type MutationOutcome, type PushRequest, type PushResponse, type Rejection } from '@shared';
import type { Db } from '../db/database';
import { queryRows, withReportsLock, type Tx } from '../db/rows';
import type { AccessClaims } from '../auth/tokens';
import { checkPushedChain, continuation, isProblem, storeDeviceEntries } from '../audit/device';
import type { Pusher } from './apply';
import { applyInOrder } from './unstorable';
import { recordRefusal } from './refusals';

/**
 * Mutations applied per transaction. Each mutation is decided on the state left by the previous one
 * and a rejection writes nothing but its record, so a chunk commits or fails as a whole: a failure
 * (database error, server stopped) leaves lastMutationId at the last committed chunk and the client's
 * retry resumes exactly there. Chunks keep the reports lock short for intake.
 */
const CHUNK = 500;

async function lastMutationId(db: Pick<Db, 'execute'>, clientId: string): Promise<number> {
  const [row] = await queryRows<{ last: string | number }>(db, sql`select last_mutation_id as last from sync_clients where client_id = ${clientId}`);
  return Number(row?.last ?? 0);
}

/** Refuses the whole request (nothing applied) and keeps a record of who tried what. */
async function refuse(db: Db, who: AccessClaims, req: Pick<PushRequest, 'clientId'>, kind: 'forbidden' | 'conflict' | 'validation', reason: string): Promise<never> {
  const status = kind === 'forbidden' ? 403 : kind === 'conflict' ? 409 : 400;
  await recordRefusal(db, who, req.clientId, status, reason);
  throw new KindedError(kind, reason);
}

async function checkRequest(db: Db, who: AccessClaims, req: PushRequest): Promise<number> {
  if (req.clientId !== who.deviceId) await refuse(db, who, req, 'forbidden', 'Push refusé : ces modifications viennent d’un autre poste que celui de la session.');
  if (req.userId !== who.userId) await refuse(db, who, req, 'forbidden', 'Push refusé : ces modifications ont été enregistrées par un autre agent ; il doit se connecter pour les envoyer.');
  const unknown = req.mutations.find((m) => !isMutationName(m.name));
  if (unknown) await refuse(db, who, req, 'validation', `Push refusé : mutation inconnue « ${printable(unknown.name, 60)} » (n° ${unknown.id}).`);
  const broken = req.mutations.findIndex((m, i) => i > 0 && m.id !== (req.mutations[i - 1]?.id ?? 0) + 1);
  if (broken > 0) await refuse(db, who, req, 'validation', `Push refusé : les numéros de modification doivent se suivre (n° ${req.mutations[broken]?.id} après n° ${req.mutations[broken - 1]?.id}).`);
  const last = await lastMutationId(db, req.clientId);
  const first = req.mutations[0]?.id ?? 0;
  if (first > last + 1) {
    await refuse(db, who, req, 'conflict', `Push refusé : modifications n° ${last + 1} à ${first - 1} manquantes (le serveur en est au n° ${last}). Rien n’a été appliqué.`);
  }
  return last;
}

/**
 * The device's audit chain: consistent in itself and with each mutation, covering every mutation not
 * yet processed, and continuing exactly what the server holds (entries it already holds are recognised).
 */
async function checkAudit(db: Db, who: AccessClaims, req: PushRequest, last: number): Promise<void> {
  const own = checkPushedChain(req, who.username);
  if (own) await refuse(db, who, req, own.kind, own.message);
  const entries = new Set((req.audit ?? []).map((e) => e.seq));
  const uncovered = req.mutations.find((m) => m.id > last && (m.auditSeq === undefined || !entries.has(m.auditSeq)));
  if (uncovered) {
    await refuse(db, who, req, 'validation', `Push refusé : journal d’audit — la modification n° ${uncovered.id} n’y a pas d’entrée. Rien n’a été appliqué.`);
  }
  const next = await continuation(db, req.clientId, req.audit ?? []);
  if (isProblem(next)) await refuse(db, who, req, next.kind, next.message);
}

/** The device entries stored with each chunk: up to the last mutation's entry, the last chunk takes the rest. */
function entriesOfChunks(req: PushRequest, chunks: readonly PushRequest['mutations'][]): AuditEntry[][] {
  const entries = req.audit ?? [];
  let from = 0;
  return chunks.map((chunk, i) => {
    const bound = i === chunks.length - 1 ? Number.MAX_SAFE_INTEGER : Math.max(0, ...chunk.map((m) => m.auditSeq ?? 0));
    const end = entries.findIndex((e, k) => k >= from && e.seq > bound);
    const part = entries.slice(from, end === -1 ? entries.length : end);
    from += part.length;
    return part;
  });
}

/**
 * POST /sync/push: applies a client's mutations exactly once, in order. Ids at or below the client's
 * lastMutationId are retries (no-ops); a gap is refused before anything is applied. Every processed
 * mutation, applied or rejected, is recorded with the new lastMutationId in the same transaction.
 */
export async function pushMutations(db: Db, who: AccessClaims, req: PushRequest): Promise<PushResponse> {
  let last = await checkRequest(db, who, req);
  await checkAudit(db, who, req, last);
  const pusher: Pusher = { username: who.username, role: who.role, userId: who.userId, clientId: req.clientId };
  const outcomes: MutationOutcome[] = [];
  const chunks: PushRequest['mutations'][] = [];
  for (let i = 0; i < req.mutations.length; i += CHUNK) chunks.push(req.mutations.slice(i, i + CHUNK));
  // Audit entries alone (local actions that are not mutations): stored under the audit lock only.
  if (chunks.length === 0) {
    const head = await db.transaction((tx) => storeDeviceEntries(tx, req.clientId, req.audit ?? []));
    return { lastMutationId: last, outcomes, audit: head };
  }
  const entries = entriesOfChunks(req, chunks);
  let head: ChainHead = null;
  for (const [i, chunk] of chunks.entries()) {
    const done = await withReportsLock(db, async (tx) => applyChunk(tx, pusher, chunk, entries[i] ?? [], outcomes));
    last = done.last;
    head = done.head;
  }
  return { lastMutationId: last, outcomes, audit: head };
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

type ChunkDone = { last: number; head: ChainHead };

async function applyChunk(tx: Tx, who: Pusher, chunk: PushRequest['mutations'], entries: readonly AuditEntry[], outcomes: MutationOutcome[]): Promise<ChunkDone> {
  await tx.execute(sql`insert into sync_clients (client_id, last_mutation_id) values (${who.clientId}, 0) on conflict do nothing`);
  // Read again under the lock: a duplicate of this request may have been applied meanwhile.
  const last = await lastMutationId(tx, who.clientId);
  const fresh = chunk.filter((m) => m.id > last);
  const duplicates: MutationOutcome[] = chunk.filter((m) => m.id <= last).map((m) => ({ id: m.id, status: 'duplicate' }));
  const head = await storeDeviceEntries(tx, who.clientId, entries);
  if (fresh.length === 0) {
    outcomes.push(...duplicates);
    return { last, head };
  }
  // The request's ids follow each other (checked up front), so the fresh ones start right after `last`.
  if (fresh[0]?.id !== last + 1) throw new KindedError('conflict', `Modification n° ${last + 1} manquante : rien de plus n’a été appliqué.`);
  // A mutation the database could not even store is rejected on its own, in order, not with its chunk.
  const applied = await applyInOrder(tx, who, fresh, eventClock, entries);
  const newLast = fresh[fresh.length - 1]?.id ?? last;
  await tx.execute(sql`update sync_clients set last_mutation_id = ${newLast}, updated_at = now() where client_id = ${who.clientId}`);
  outcomes.push(...duplicates, ...applied);
  return { last: newLast, head };
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
