import { API_PATHS } from '@shared/http/api';
import { PUSH_MAX_MUTATIONS, PushResponseSchema, type PushRequest } from '@shared/sync/push';
import { KindedError } from '@shared/result';
import type { LocalDb } from '../db';
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
 * recorded by another officer (who must log in to send it). Entries stay in the outbox: they leave it
 * only when a pull confirms the server processed them, so a lost response costs a duplicate request,
 * which the server recognises, never a lost change. Returns how many were sent.
 */
export async function pushAll(deps: PushDeps): Promise<number> {
  const { db, client } = deps;
  const size = Math.min(deps.batchSize ?? DEFAULT_BATCH, PUSH_MAX_MUTATIONS);
  let after = 0;
  let sent = 0;
  for (;;) {
    const waiting = db.outbox.pending(deps.clientId, after, size);
    const stop = waiting.findIndex((e) => e.userId !== deps.userId);
    const batch = stop === -1 ? waiting : waiting.slice(0, stop);
    if (batch.length === 0) return sent;
    const body: PushRequest = {
      clientId: deps.clientId,
      userId: deps.userId,
      mutations: batch.map((e) => ({ id: e.id, name: e.name, args: e.args, createdAt: e.createdAt })),
    };
    const res = await client.post(API_PATHS.push, body, PushResponseSchema, { token: await deps.token() });
    const last = batch[batch.length - 1]?.id ?? 0;
    if (res.lastMutationId < last) throw new KindedError('internal', `Le serveur n’a traité les modifications que jusqu’au n° ${res.lastMutationId}.`);
    sent += batch.length;
    after = last;
    if (stop !== -1) return sent;
  }
}
