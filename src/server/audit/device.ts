import { sql } from 'drizzle-orm';
import { KindedError, mutationAuditPayload, payloadHashOf, verifyChain, type AuditEntry, type ChainHead, type PushRequest } from '@shared';
import { insertJson, queryRows, type Tx } from '../db/rows';
import { auditDeviceEntries } from '../db/schema';
import { lockAudit, sha256Hex } from './log';

type Executor = Pick<Tx, 'execute'>;
/** Why a pushed chain is refused: `validation` (400, the request itself is wrong) or `conflict` (409, it does not continue what is held). */
export type ChainProblem = { kind: 'validation' | 'conflict'; message: string };

const problem = (kind: ChainProblem['kind'], message: string): ChainProblem => ({ kind, message: `Push refusé : journal d’audit — ${message}. Rien n’a été appliqué.` });

/**
 * What can be checked from the request alone: the entries are this device's, follow each other with
 * hashes that match their fields, and each mutation's entry (named by auditSeq) records exactly that
 * mutation, by that officer, at that time.
 */
export function checkPushedChain(req: PushRequest, username: string): ChainProblem | null {
  const entries = req.audit ?? [];
  const other = entries.find((e) => e.device !== req.clientId);
  if (other) return problem('validation', `l’entrée n° ${other.seq} vient d’un autre poste (${other.device.slice(0, 40)})`);
  const first = entries[0];
  if (first) {
    const broken = verifyChain(sha256Hex, first.seq === 1 ? null : { seq: first.seq - 1, hash: first.prevHash }, entries);
    if (broken) return problem('validation', `chaîne rompue, ${broken.message}`);
  }
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  let previous = 0;
  for (const m of req.mutations) {
    if (m.auditSeq === undefined) continue;
    if (m.auditSeq <= previous) return problem('validation', `la modification n° ${m.id} reprend l’entrée n° ${m.auditSeq} d’une modification précédente`);
    previous = m.auditSeq;
    const e = bySeq.get(m.auditSeq);
    if (!e) continue;
    const mismatch = e.action !== m.name ? 'l’action' : e.at !== m.createdAt ? 'l’heure' : e.actor !== username ? 'l’agent' : e.payloadHash !== payloadHashOf(sha256Hex, mutationAuditPayload(m)) ? 'le contenu' : null;
    if (mismatch) return problem('validation', `l’entrée n° ${e.seq} ne correspond pas à la modification n° ${m.id} (${mismatch} diffère)`);
  }
  return null;
}

export async function deviceHead(db: Executor, device: string): Promise<ChainHead> {
  const [row] = await queryRows<{ seq: string | number; hash: string }>(db, sql`select seq, hash from audit_device_entries where device = ${device} order by seq desc limit 1`);
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/**
 * Checks the pushed entries against what the server holds for the device: those it already has must be
 * identical (a retry), the rest must continue its last entry exactly. Returns the entries still to store.
 */
export async function continuation(db: Executor, device: string, entries: readonly AuditEntry[]): Promise<{ fresh: AuditEntry[]; head: ChainHead } | ChainProblem> {
  const head = await deviceHead(db, device);
  const held = head?.seq ?? 0;
  const overlap = entries.filter((e) => e.seq <= held);
  if (overlap.length > 0) {
    const stored = await queryRows<{ seq: string | number; hash: string }>(
      db,
      sql`select seq, hash from audit_device_entries where device = ${device} and seq between ${overlap[0]?.seq ?? 0} and ${held}`,
    );
    const hashes = new Map(stored.map((r) => [Number(r.seq), r.hash]));
    const fork = overlap.find((e) => hashes.get(e.seq) !== e.hash);
    if (fork) return problem('conflict', `l’entrée n° ${fork.seq} diffère de celle que le serveur détient pour ce poste (journal bifurqué ou modifié)`);
  }
  const fresh = entries.filter((e) => e.seq > held);
  const first = fresh[0];
  if (first && first.seq !== held + 1) return problem('conflict', `entrées n° ${held + 1} à ${first.seq - 1} manquantes (le serveur détient ce journal jusqu’à l’entrée n° ${held})`);
  if (first && head && first.prevHash !== head.hash) return problem('conflict', `l’entrée n° ${first.seq} ne prolonge pas l’entrée n° ${held} détenue par le serveur (journal bifurqué)`);
  return { fresh, head: fresh.length > 0 ? { seq: fresh[fresh.length - 1]?.seq ?? 0, hash: fresh[fresh.length - 1]?.hash ?? '' } : head };
}

export const isProblem = (x: { fresh: AuditEntry[] } | ChainProblem): x is ChainProblem => 'kind' in x;

/**
 * Stores the device entries of one chunk in the caller's transaction (under the audit lock), after
 * checking again that they continue what is held: a concurrent request may have stored some meanwhile.
 */
export async function storeDeviceEntries(tx: Tx, device: string, entries: readonly AuditEntry[]): Promise<ChainHead> {
  await lockAudit(tx);
  const next = await continuation(tx, device, entries);
  if (isProblem(next)) throw new KindedError(next.kind, next.message);
  const receivedAt = new Date();
  await insertJson(
    tx,
    auditDeviceEntries,
    next.fresh.map((e) => ({ device: e.device, seq: e.seq, prevHash: e.prevHash, actor: e.actor, at: e.at, action: e.action, payloadHash: e.payloadHash, hash: e.hash, receivedAt })),
  );
  return next.head;
}
