import type { AuditEntry, ChainHead } from '@shared/audit/chain';
import type { Sqlite } from './open';

/** An entry of the local audit log with the canonical JSON text of its payload (what payloadHash hashes). */
export type StoredAuditEntry = AuditEntry & { payload: string };

/** The local audit log (migration 6): one hash chain per device, append-only. */
export type AuditStore = {
  head(device: string): ChainHead;
  insert(entry: AuditEntry, payloadText: string): void;
  /** Entries of one device with after < seq ≤ upTo, in order, at most `limit`. */
  range(device: string, after: number, upTo: number, limit: number): StoredAuditEntry[];
  count(device?: string): number;
  devices(): string[];
  /** The last entry of this device's chain the server confirmed holding (0: none). */
  pushedSeq(device: string): number;
  setPushedSeq(device: string, seq: number): void;
};

type Row = { device: string; seq: number; prev_hash: string; actor: string; at: string; action: string; payload: string; payload_hash: string; hash: string };
const toEntry = (r: Row): StoredAuditEntry => ({
  seq: r.seq, prevHash: r.prev_hash, actor: r.actor, device: r.device, at: r.at, action: r.action, payloadHash: r.payload_hash, hash: r.hash, payload: r.payload,
});
// Not under 'sync.': forgetting synced data (another server) must not forget what the log sent where.
const pushedKey = (device: string): string => `audit.pushedSeq:${device}`;

export function createAuditStore(sqlite: Sqlite): AuditStore {
  const head = sqlite.prepare('SELECT seq, hash FROM audit_log WHERE device = ? ORDER BY seq DESC LIMIT 1');
  const insert = sqlite.prepare('INSERT INTO audit_log (device, seq, prev_hash, actor, at, action, payload, payload_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const range = sqlite.prepare('SELECT * FROM audit_log WHERE device = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
  const countAll = sqlite.prepare('SELECT count(*) FROM audit_log').pluck();
  const countDevice = sqlite.prepare('SELECT count(*) FROM audit_log WHERE device = ?').pluck();
  const devices = sqlite.prepare('SELECT DISTINCT device FROM audit_log ORDER BY device').pluck();
  const getKv = sqlite.prepare('SELECT value FROM kv WHERE key = ?').pluck();
  const setKv = sqlite.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    head: (device) => (head.get(device) as { seq: number; hash: string } | undefined) ?? null,
    insert: (e, payloadText) => {
      insert.run(e.device, e.seq, e.prevHash, e.actor, e.at, e.action, payloadText, e.payloadHash, e.hash);
    },
    range: (device, after, upTo, limit) => (range.all(device, after, upTo, limit) as Row[]).map(toEntry),
    count: (device) => (device === undefined ? countAll.get() : countDevice.get(device)) as number,
    devices: () => devices.all() as string[],
    pushedSeq: (device) => {
      const raw = getKv.get(pushedKey(device)) as string | undefined;
      return raw ? Number(JSON.parse(raw)) : 0;
    },
    setPushedSeq: (device, seq) => {
      setKv.run(pushedKey(device), JSON.stringify(seq));
    },
  };
}
