import { API_PATHS } from '@shared/http/api';
import { PUSH_MAX_AUDIT, PUSH_MAX_MUTATIONS, PushResponseSchema, type PushRequest } from '@shared/sync/push';
import { KindedError } from '@shared/result';
import type { LocalDb, OutboxEntry } from '../db';
import { auditPushed, auditToPush } from '../audit';
import type { ServerClient } from '../server-client';

export type PushDeps = {
  db: LocalDb;
  client: ServerClient;
  token: () => Promise<string>;
  /** The enrolled device and the logged-in officer: only their own waiting changes are sent. */
  clientId: string;
  userId: string;
  batchSize?: number;
};

const DEFAULT_BATCH = 500;

/**
 * Sends this client's waiting mutations in id order, in batches, until none is left or the next one was
 * recorded by another officer (who must log in to send it). Each batch carries the device's audit chain
 * from the last entry the server confirmed up to the entry of its last mutation (or to the end of the
 * chain once every waiting mutation is in, so captures recorded meanwhile go too). Entries stay in the
 * outbox: they leave it only when a pull confirms the server processed them, so a lost response costs a
 * duplicate request, which the server recognises, never a lost change. Returns how many were sent.
 */
export async function pushAll(deps: PushDeps): Promise<number> {
  const { db, client } = deps;
  const size = Math.min(deps.batchSize ?? DEFAULT_BATCH, PUSH_MAX_MUTATIONS);
  let after = 0;
  let sent = 0;
  for (;;) {
    const waiting = db.outbox.pending(deps.clientId, after, size);
    const stop = waiting.findIndex((e) => e.userId !== deps.userId);
    const { mutations, audit } = nextBatch(db, deps.clientId, stop === -1 ? waiting : waiting.slice(0, stop), cutoff(db, deps.clientId, waiting, stop, size));
    if (mutations.length === 0 && audit.length === 0) return sent;
    const body: PushRequest = {
      clientId: deps.clientId,
      userId: deps.userId,
      mutations: mutations.map((e) => ({ id: e.id, name: e.name, args: e.args, createdAt: e.createdAt, auditSeq: e.auditSeq ?? undefined })),
      audit,
    };
    const res = await client.post(API_PATHS.push, body, PushResponseSchema, { token: await deps.token() });
    const last = mutations[mutations.length - 1]?.id ?? after;
    if (res.lastMutationId < last) throw new KindedError('internal', `Le serveur n’a traité les modifications que jusqu’au n° ${res.lastMutationId}.`);
    const lastEntry = audit[audit.length - 1]?.seq ?? 0;
    // Entries alone must move the server's head on, or this loop would send them forever.
    if ((res.audit?.seq ?? 0) < lastEntry) throw new KindedError('internal', `Le serveur n’a reçu le journal d’audit que jusqu’à l’entrée n° ${res.audit?.seq ?? 0}.`);
    if (res.audit) auditPushed(db, deps.clientId, res.audit);
    sent += mutations.length;
    after = last;
  }
}

/**
 * The last audit entry this request may carry: up to the entry before another officer's first change
 * (it goes with that change, later), up to the last mutation's entry when more are waiting, else the end.
 */
function cutoff(db: LocalDb, clientId: string, waiting: readonly OutboxEntry[], stop: number, size: number): number {
  if (stop !== -1) return (waiting[stop]?.auditSeq ?? 1) - 1;
  if (waiting.length === size) return waiting[waiting.length - 1]?.auditSeq ?? 0;
  return db.audit.head(clientId)?.seq ?? 0;
}

/** The mutations whose entries fit in one request with the entries before them. */
function nextBatch(db: LocalDb, clientId: string, batch: readonly OutboxEntry[], upTo: number) {
  const audit = auditToPush(db, clientId, upTo, PUSH_MAX_AUDIT);
  const lastSeq = audit[audit.length - 1]?.seq ?? db.audit.pushedSeq(clientId);
  const mutations = batch.filter((e) => (e.auditSeq ?? 0) <= lastSeq);
  return { mutations, audit };
}
