import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chainEntry,
  mutationAuditPayload,
  verifyChain,
  type AuditEntry,
  type ChainBreak,
  type ChainHead,
  type Sha256Hex,
} from '@shared/audit/chain';
import type { LocalDb } from '../db';

export const sha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A local action to record: who, on which device (the enrolled device id), what, with what data. */
export type AuditAction = { actor: string; device: string; action: string; payload: unknown; at?: Date };

/**
 * Appends one entry to the device's chain. Inside the caller's transaction when there is one (a
 * mutation's entry commits with its outbox row and its local effect, or not at all), else in its own.
 * Captures and persona use call this too.
 */
export function appendAudit(db: LocalDb, a: AuditAction): AuditEntry {
  return db.transaction(() => {
    const at = (a.at ?? new Date()).toISOString();
    const entry = chainEntry(sha256Hex, db.audit.head(a.device), { actor: a.actor, device: a.device, at, action: a.action, payload: a.payload });
    db.audit.insert(entry, canonicalJson(a.payload));
    return entry;
  });
}

/** The entry of a mutation about to take outbox id `mutationId`: what the server recomputes from the push. */
export function appendMutationAudit(db: LocalDb, who: { username: string; clientId: string }, m: { id: number; name: string; args: unknown }, at: Date): AuditEntry {
  return appendAudit(db, { actor: who.username, device: who.clientId, action: m.name, payload: mutationAuditPayload(m), at });
}

const PAGE = 1000;

/** Walks a device's whole local chain (payloads included); null when intact. */
export function verifyLocalAudit(db: LocalDb, device: string): ChainBreak | null {
  let head: ChainHead = null;
  for (;;) {
    const page = db.audit.range(device, head?.seq ?? 0, Number.MAX_SAFE_INTEGER, PAGE);
    if (page.length === 0) return null;
    const broken = verifyChain(sha256Hex, head, page, page.map((e) => JSON.parse(e.payload) as unknown));
    if (broken) return broken;
    const last = page[page.length - 1];
    head = last ? { seq: last.seq, hash: last.hash } : head;
  }
}

/** Entries the server has not confirmed yet, up to `upTo`, at most `limit` (without their payloads). */
export function auditToPush(db: LocalDb, device: string, upTo: number, limit: number): AuditEntry[] {
  return db.audit.range(device, db.audit.pushedSeq(device), upTo, limit).map(({ payload: _payload, ...e }) => e);
}

/** True when the device has entries the server has not confirmed (captures recorded with no change waiting). */
export function auditWaiting(db: LocalDb, device: string): boolean {
  return (db.audit.head(device)?.seq ?? 0) > db.audit.pushedSeq(device);
}

/** The server confirmed holding the chain up to `head`: later pushes start after it (entries stay: evidence). */
export function auditPushed(db: LocalDb, device: string, head: ChainHead): void {
  if (head && head.seq > db.audit.pushedSeq(device)) db.audit.setPushedSeq(device, head.seq);
}
