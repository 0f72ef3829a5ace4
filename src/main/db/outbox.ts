import type { Report } from '@shared/domain/report';
import type { Role } from '@shared/domain/roles';
import type { MutationReason } from '@shared/sync/push';
import type { Sqlite } from './open';

/** A local change waiting for the server: a named mutation, numbered per client without gaps. */
export type OutboxEntry = {
  clientId: string;
  id: number;
  name: string;
  args: unknown;
  reportId: string | null;
  userId: string;
  username: string;
  role: Role;
  createdAt: string;
  /** Its entry in this device's audit chain (null: none, which the server refuses). */
  auditSeq: number | null;
};
export type NewOutboxEntry = Omit<OutboxEntry, 'id' | 'auditSeq'> & { auditSeq?: number | null };
export type StoredRejection = Omit<OutboxEntry, 'username' | 'role' | 'auditSeq'> & { reason: MutationReason; rejectedAt: string };

export type OutboxStore = {
  /** Appends with this client's next id (call inside the transaction that applies the local effect). */
  append(entry: NewOutboxEntry): number;
  /** The id the next append for this client will take (read inside the same transaction). */
  nextId(clientId: string): number;
  /** This client's entries after `afterId`, in order. */
  pending(clientId: string, afterId: number, limit: number): OutboxEntry[];
  /** Every waiting entry on one report, in the order they were recorded. */
  forReport(reportId: string): OutboxEntry[];
  count(clientId?: string): number;
  /** Reports with waiting entries or with a kept server version: what a rebase looks at. */
  touchedReports(): string[];
  /** Drops this client's entries up to `lastId`; those in `rejected` are kept as rejections. */
  acknowledge(clientId: string, lastId: number, rejected: ReadonlyMap<number, MutationReason>, at: string): number;
  rejections(limit: number): StoredRejection[];
  /**
   * Acknowledged entries of this client after `afterId` (kept ACK_RETENTION_MS) go back to the outbox,
   * with their ids, and their old refusals are forgotten (the server will decide again). Returns them.
   */
  restoreAcknowledged(clientId: string, afterId: number): OutboxEntry[];
  /** The server's version of a report shown with local changes on top (see migration 5). */
  base: { get(reportId: string): Report | null; set(report: Report): void; delete(reportId: string): void; any(): boolean };
};

type Row = { client_id: string; id: number; name: string; args: string; report_id: string | null; user_id: string; username: string; role: Role; created_at: string; audit_seq: number | null };
const toEntry = (r: Row): OutboxEntry => ({
  clientId: r.client_id, id: r.id, name: r.name, args: JSON.parse(r.args) as unknown, reportId: r.report_id,
  userId: r.user_id, username: r.username, role: r.role, createdAt: r.created_at, auditSeq: r.audit_seq ?? null,
});

const lastIdKey = (clientId: string): string => `outbox.lastId:${clientId}`;

/** How long acknowledged changes are kept, in case the server is restored from a backup older than them. */
export const ACK_RETENTION_MS = 30 * 24 * 3600_000;

export function createOutboxStore(sqlite: Sqlite): OutboxStore {
  const getKv = sqlite.prepare('SELECT value FROM kv WHERE key = ?').pluck();
  const setKv = sqlite.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  // A store still at schema 5 (its migration test) has no audit link yet.
  const linked = (sqlite.prepare(`SELECT count(*) FROM pragma_table_info('outbox') WHERE name = 'audit_seq'`).pluck().get() as number) > 0;
  const insert = sqlite.prepare(
    linked
      ? 'INSERT INTO outbox (client_id, id, name, args, report_id, user_id, username, role, created_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
      : 'INSERT INTO outbox (client_id, id, name, args, report_id, user_id, username, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const pending = sqlite.prepare('SELECT * FROM outbox WHERE client_id = ? AND id > ? ORDER BY id LIMIT ?');
  const forReport = sqlite.prepare('SELECT * FROM outbox WHERE report_id = ? ORDER BY created_at, client_id, id');
  const countAll = sqlite.prepare('SELECT count(*) FROM outbox').pluck();
  const countClient = sqlite.prepare('SELECT count(*) FROM outbox WHERE client_id = ?').pluck();
  const touched = sqlite.prepare('SELECT report_id FROM outbox WHERE report_id IS NOT NULL UNION SELECT report_id FROM report_base').pluck();
  const acked = sqlite.prepare('SELECT * FROM outbox WHERE client_id = ? AND id <= ? ORDER BY id');
  const drop = sqlite.prepare('DELETE FROM outbox WHERE client_id = ? AND id <= ?');
  const keep = sqlite.prepare(
    `INSERT OR IGNORE INTO mutation_rejections (client_id, id, name, args, report_id, user_id, created_at, kind, message, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rejections = sqlite.prepare('SELECT * FROM mutation_rejections ORDER BY rejected_at DESC, id DESC LIMIT ?');
  // Stores opened at an older schema version (migration tests) have no kept acknowledged changes.
  const retention = (sqlite.pragma('user_version', { simple: true }) as number) >= 11;
  const retain = retention
    ? sqlite.prepare(
        `INSERT OR REPLACE INTO outbox_acked (client_id, id, name, args, report_id, user_id, username, role, created_at, audit_seq, acked_at)
         SELECT client_id, id, name, args, report_id, user_id, username, role, created_at, audit_seq, ? FROM outbox WHERE client_id = ? AND id <= ?`,
      )
    : null;
  const expire = retention ? sqlite.prepare('DELETE FROM outbox_acked WHERE acked_at < ?') : null;
  const retained = retention ? sqlite.prepare('SELECT * FROM outbox_acked WHERE client_id = ? AND id > ? ORDER BY id') : null;
  const unretain = retention ? sqlite.prepare('DELETE FROM outbox_acked WHERE client_id = ? AND id > ?') : null;
  const unreject = sqlite.prepare('DELETE FROM mutation_rejections WHERE client_id = ? AND id > ?');
  const baseGet = sqlite.prepare('SELECT report FROM report_base WHERE report_id = ?').pluck();
  const baseSet = sqlite.prepare('INSERT INTO report_base (report_id, report) VALUES (?, ?) ON CONFLICT (report_id) DO UPDATE SET report = excluded.report');
  const baseDelete = sqlite.prepare('DELETE FROM report_base WHERE report_id = ?');
  const baseAny = sqlite.prepare('SELECT 1 FROM report_base LIMIT 1').pluck();

  const nextId = (clientId: string): number => {
    const raw = getKv.get(lastIdKey(clientId)) as string | undefined;
    return (raw ? Number(JSON.parse(raw)) : 0) + 1;
  };

  return {
    nextId,
    append: (e) => {
      const id = nextId(e.clientId);
      const values = [e.clientId, id, e.name, JSON.stringify(e.args), e.reportId, e.userId, e.username, e.role, e.createdAt];
      insert.run(...(linked ? [...values, e.auditSeq ?? null] : values));
      setKv.run(lastIdKey(e.clientId), JSON.stringify(id));
      return id;
    },
    pending: (clientId, afterId, limit) => (pending.all(clientId, afterId, limit) as Row[]).map(toEntry),
    forReport: (reportId) => (forReport.all(reportId) as Row[]).map(toEntry),
    count: (clientId) => (clientId ? countClient.get(clientId) : countAll.get()) as number,
    touchedReports: () => touched.all() as string[],
    acknowledge: (clientId, lastId, rejected, at) => {
      const rows = acked.all(clientId, lastId) as Row[];
      for (const r of rows) {
        const reason = rejected.get(r.id);
        if (reason) keep.run(r.client_id, r.id, r.name, r.args, r.report_id, r.user_id, r.created_at, reason.kind, reason.message, at);
      }
      retain?.run(at, clientId, lastId);
      expire?.run(new Date(Date.parse(at) - ACK_RETENTION_MS).toISOString());
      drop.run(clientId, lastId);
      return rows.length;
    },
    restoreAcknowledged: (clientId, afterId) => {
      const rows = (retained?.all(clientId, afterId) ?? []) as Row[];
      // Each goes back with its audit entry's number: the server checks the entry against the mutation.
      for (const r of rows) insert.run(r.client_id, r.id, r.name, r.args, r.report_id, r.user_id, r.username, r.role, r.created_at, r.audit_seq ?? null);
      unretain?.run(clientId, afterId);
      unreject.run(clientId, afterId);
      return rows.map(toEntry);
    },
    rejections: (limit) =>
      (rejections.all(limit) as (Row & { kind: MutationReason['kind']; message: string; rejected_at: string })[]).map((r) => ({
        clientId: r.client_id, id: r.id, name: r.name, args: JSON.parse(r.args) as unknown, reportId: r.report_id, userId: r.user_id,
        createdAt: r.created_at, reason: { kind: r.kind, message: r.message }, rejectedAt: r.rejected_at,
      })),
    base: {
      get: (reportId) => {
        const raw = baseGet.get(reportId) as string | undefined;
        return raw ? (JSON.parse(raw) as Report) : null;
      },
      set: (report) => baseSet.run(report.id, JSON.stringify(report)),
      delete: (reportId) => baseDelete.run(reportId),
      any: () => baseAny.get() !== undefined,
    },
  };
}
