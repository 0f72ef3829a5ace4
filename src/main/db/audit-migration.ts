import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { canonicalJson, chainEntry, type ChainHead } from '@shared/audit/chain';
import type { Migration } from './migrations';

type Db = Database.Database;

/**
 * v7: the audit log (src/shared/audit/chain.ts), one hash chain per device, never truncated: it is
 * evidence. Each outbox row names its entry (`audit_seq`), sent with the mutation so the server can
 * check the chain covers it. Changes waiting in the outbox from before this version get their entries
 * now, in recording order, so the chain covers everything still to be sent.
 */
export const v7: Migration = {
  version: 7,
  description: 'hash-chained audit log of local actions',
  up: (db) => {
    db.exec(`
      CREATE TABLE audit_log (
        device TEXT NOT NULL,
        seq INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        payload_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (device, seq)
      ) WITHOUT ROWID;
      ALTER TABLE outbox ADD COLUMN audit_seq INTEGER;
    `);
    backfillAudit(db);
  },
};

function backfillAudit(db: Db): void {
  const sha256 = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');
  const rows = db.prepare('SELECT client_id, id, name, args, username, created_at FROM outbox ORDER BY client_id, id').all() as {
    client_id: string; id: number; name: string; args: string; username: string; created_at: string;
  }[];
  const insert = db.prepare('INSERT INTO audit_log (device, seq, prev_hash, actor, at, action, payload, payload_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const link = db.prepare('UPDATE outbox SET audit_seq = ? WHERE client_id = ? AND id = ?');
  const heads = new Map<string, ChainHead>();
  for (const r of rows) {
    const payload = { mutationId: r.id, args: JSON.parse(r.args) as unknown };
    const e = chainEntry(sha256, heads.get(r.client_id) ?? null, { actor: r.username, device: r.client_id, at: r.created_at, action: r.name, payload });
    insert.run(e.device, e.seq, e.prevHash, e.actor, e.at, e.action, canonicalJson(payload), e.payloadHash, e.hash);
    link.run(e.seq, r.client_id, r.id);
    heads.set(r.client_id, { seq: e.seq, hash: e.hash });
  }
}

