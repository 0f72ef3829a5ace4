import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { canonicalJson, linkEntry, type ChainHead, type Sha256Hex } from '@shared';
import { insertJson, queryRows, type Tx } from '../db/rows';
import { AUDIT_WRITE_LOCK, auditLog } from '../db/schema';

export const sha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** One event for the server's chain: who, from which device, what, with what data. */
export type ServerAuditEvent = { actor: string; device: string; at: Date; action: string; payload: unknown };

type Executor = Pick<Tx, 'execute'>;

/** Takes the audit lock for the rest of the transaction: chain heads are read and extended under it. */
export async function lockAudit(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_WRITE_LOCK})`);
}

export async function serverHead(tx: Executor): Promise<ChainHead> {
  const [row] = await queryRows<{ seq: string | number; hash: string }>(tx, sql`select seq, hash from audit_log order by seq desc limit 1`);
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/**
 * Appends events to the server's chain in one statement, inside the caller's transaction (with the
 * effects they record, so both commit or neither). Takes the audit lock itself.
 */
export async function appendServerAudit(tx: Tx, events: readonly ServerAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await lockAudit(tx);
  let head = await serverHead(tx);
  const rows = events.map((e) => {
    const payload = canonicalJson(e.payload);
    const entry = linkEntry(sha256Hex, head, { actor: e.actor, device: e.device, at: e.at.toISOString(), action: e.action, payloadHash: sha256Hex(payload) });
    head = { seq: entry.seq, hash: entry.hash };
    return { seq: entry.seq, prevHash: entry.prevHash, actor: entry.actor, device: entry.device, at: entry.at, action: entry.action, payload, payloadHash: entry.payloadHash, hash: entry.hash };
  });
  await insertJson(tx, auditLog, rows);
}
