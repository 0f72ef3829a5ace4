import { z } from 'zod';
import { IsoTimeSchema } from '../domain/report';

/**
 * The audit log's entry format and chain rule (DESIGN §2.4: every state change, capture and persona use
 * goes to a hash-chained log, synced and verified on the server). The same rule serves the workstation's
 * local log, each device's chain as the server holds it, and the server's own log, so a chain written on
 * one side is checked byte for byte on the other.
 *
 * Canonical serialisation (what is hashed) is RFC 8785 (JSON Canonicalization Scheme) restricted to what
 * the log holds: object members sorted by key (UTF-16 code units, as JavaScript compares strings), no
 * whitespace, strings and numbers written as ECMAScript's JSON.stringify writes them, members whose value
 * is `undefined` left out, arrays kept in order; non-finite numbers are refused. Hashes are SHA-256 of the
 * UTF-8 bytes of that text, in lowercase hex.
 *
 * - payloadHash = SHA-256(canonical(payload)), payload being the action's own data (for a mutation:
 *   `{ mutationId, args }`);
 * - hash = SHA-256(canonical({ seq, prevHash, actor, device, at, action, payloadHash }));
 * - the first entry of a chain has seq 1 and prevHash AUDIT_GENESIS; entry n+1 has seq n+1 and the
 *   hash of entry n as prevHash.
 *
 * Hashing is passed in (the workstation and the server use their platform's SHA-256): this module
 * stays pure.
 */
export type Sha256Hex = (text: string) => string;

export const AUDIT_GENESIS = '0'.repeat(64);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'empreinte SHA-256 attendue (64 caractères hexadécimaux)');

export const AuditEntrySchema = z
  .object({
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    prevHash: Hex64,
    actor: z.string().min(1).max(200),
    device: z.string().min(1).max(200),
    /** ISO 8601 UTC to the millisecond, exactly as Date.prototype.toISOString writes it. */
    at: IsoTimeSchema,
    action: z.string().min(1).max(64),
    payloadHash: Hex64,
    hash: Hex64,
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditFields = Omit<AuditEntry, 'hash'>;
/** Where a chain stands: its last entry (null: nothing yet). */
export type ChainHead = { seq: number; hash: string } | null;

/** RFC 8785 canonical JSON of plain JSON data (see the module comment). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: nombre non fini');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: valeur de type ${typeof value} non sérialisable`);
  }
}

export const payloadHashOf = (sha256: Sha256Hex, payload: unknown): string => sha256(canonicalJson(payload));

/**
 * The canonical JSON of the entry's fields written out directly (members already in sorted order:
 * action, actor, at, device, payloadHash, prevHash, seq): the same text canonicalJson gives, without
 * sorting keys for every entry of a push.
 */
export function entryHashOf(sha256: Sha256Hex, f: AuditFields): string {
  if (!Number.isSafeInteger(f.seq)) throw new TypeError('entryHashOf: numéro d’entrée invalide');
  const s = JSON.stringify;
  return sha256(`{"action":${s(f.action)},"actor":${s(f.actor)},"at":${s(f.at)},"device":${s(f.device)},"payloadHash":${s(f.payloadHash)},"prevHash":${s(f.prevHash)},"seq":${f.seq}}`);
}

/** The entry that follows `head` in its chain. */
export function chainEntry(
  sha256: Sha256Hex,
  head: ChainHead,
  e: { actor: string; device: string; at: string; action: string; payload: unknown },
): AuditEntry {
  return linkEntry(sha256, head, { actor: e.actor, device: e.device, at: e.at, action: e.action, payloadHash: payloadHashOf(sha256, e.payload) });
}

/** The same, for a caller that already hashed the payload (it keeps the canonical text too). */
export function linkEntry(sha256: Sha256Hex, head: ChainHead, e: Omit<AuditFields, 'seq' | 'prevHash'>): AuditEntry {
  const fields: AuditFields = { seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? AUDIT_GENESIS, ...e };
  return { ...fields, hash: entryHashOf(sha256, fields) };
}

/** The payload a mutation's audit entry hashes: what the server can recompute from the pushed mutation. */
export const mutationAuditPayload = (m: { id: number; args: unknown }): { mutationId: number; args: unknown } => ({ mutationId: m.id, args: m.args });

/** `link`: an entry of the server's chain names a device entry that is not (or no longer) the one held. */
export type ChainBreakKind = 'seq' | 'prev' | 'hash' | 'payload' | 'link';
/** The first entry that does not hold, and why (messages in French for officers and administrators). */
export type ChainBreak = { seq: number; device: string; kind: ChainBreakKind; message: string };

/**
 * Checks that `entries` continue `head` without a hole and that each hash is the one its fields give.
 * `payloads`, when given, are the payloads of the same entries (by position) and their hashes are
 * checked too. Returns the first break, or null.
 */
export function verifyChain(sha256: Sha256Hex, head: ChainHead, entries: readonly AuditEntry[], payloads?: readonly unknown[]): ChainBreak | null {
  let prev = head;
  for (const [i, e] of entries.entries()) {
    const at = (kind: ChainBreakKind, message: string): ChainBreak => ({ seq: e.seq, device: e.device, kind, message });
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq) return at('seq', `entrée n° ${e.seq} : n° ${expectedSeq} attendu (${e.seq > expectedSeq ? 'entrées manquantes' : 'entrée répétée'})`);
    if (e.prevHash !== (prev?.hash ?? AUDIT_GENESIS)) return at('prev', `entrée n° ${e.seq} : l’empreinte précédente ne correspond pas à l’entrée n° ${prev?.seq ?? 0}`);
    if (payloads && payloadHashOf(sha256, payloads[i]) !== e.payloadHash) return at('payload', `entrée n° ${e.seq} : le contenu de l’action ne correspond pas à son empreinte`);
    if (entryHashOf(sha256, e) !== e.hash) return at('hash', `entrée n° ${e.seq} : l’empreinte ne correspond pas aux champs de l’entrée (modifiée ?)`);
    prev = { seq: e.seq, hash: e.hash };
  }
  return null;
}
