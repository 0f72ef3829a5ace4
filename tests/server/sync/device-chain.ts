import { createHash } from 'node:crypto';
import { chainEntry, mutationAuditPayload, type AuditEntry, type ChainHead, type PushedMutation } from '@shared';

export const sha256 = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');

/**
 * A device's audit chain as a workstation keeps it, for tests that write push requests by hand: each
 * mutation gets its entry once (a re-sent mutation carries the same entry), and the chain only moves on
 * when the server confirms it stored the entries.
 */
export function deviceChain(username: string, device: string) {
  let head: ChainHead = null;
  const held = new Map<number, AuditEntry>();
  return {
    get head() {
      return head;
    },
    /** The request's mutations with their auditSeq, and the entries to send with them. */
    attach(mutations: readonly PushedMutation[]): { mutations: PushedMutation[]; audit: AuditEntry[]; fresh: Map<number, AuditEntry> } {
      let h = head;
      const fresh = new Map<number, AuditEntry>();
      const audit: AuditEntry[] = [];
      for (const m of mutations) {
        let e = held.get(m.id);
        if (!e) {
          e = chainEntry(sha256, h, { actor: username, device, at: m.createdAt, action: m.name, payload: mutationAuditPayload(m) });
          h = { seq: e.seq, hash: e.hash };
          fresh.set(m.id, e);
        }
        audit.push(e);
      }
      return { mutations: mutations.map((m) => ({ ...m, auditSeq: (held.get(m.id) ?? fresh.get(m.id))?.seq })), audit, fresh };
    },
    /** The server stored these entries. */
    confirm(fresh: ReadonlyMap<number, AuditEntry>): void {
      for (const [id, e] of fresh) {
        held.set(id, e);
        if (e.seq > (head?.seq ?? 0)) head = { seq: e.seq, hash: e.hash };
      }
    },
  };
}
