import { asc, eq } from 'drizzle-orm';
import type { Report, ReportEvent, Reporter } from '@shared/domain/report';
import type { Decision } from '@shared/workflow/decision';
import type { ReportChange } from '@shared/sync/protocol';
import type { Category, Source } from '@shared/domain/taxonomy';
import type { ReportStatus } from '@shared/domain/state-machine';
import type { Orm, Sqlite } from './open';
import { reportEvents, reports } from './schema';

const REPORT_COLUMNS = [
  'id', 'reference', 'source', 'category', 'status', 'priority', 'urls', 'first_url', 'url_count',
  'description', 'reporter', 'external_ref', 'received_at', 'updated_at', 'claimed_by', 'lease_until',
  'assigned_to', 'cluster_id', 'version', 'search_urls',
] as const;
/** Stores at schema version 8 and later also keep the decision (migration tests open older ones). */
const DECISION_FROM_VERSION = 10;

const upsertSql = (columns: readonly string[]): string => `INSERT INTO reports (${columns.join(', ')})
  VALUES (${columns.map(() => '?').join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}
  RETURNING seq`;

type Scalar = string | number | null;

function reportParams(r: Report, withDecision: boolean): Scalar[] {
  const params: Scalar[] = [
    r.id, r.reference, r.source, r.category, r.status, r.priority, JSON.stringify(r.urls), r.urls[0] ?? '',
    r.urls.length, r.description, r.reporter ? JSON.stringify(r.reporter) : null, r.externalRef, r.receivedAt,
    r.updatedAt, r.claimedBy, r.leaseUntil, r.assignedTo, r.clusterId, r.version, r.urls.join(' '),
  ];
  if (withDecision) params.push(r.decision ? JSON.stringify(r.decision) : null);
  return params;
}

export type ReportWriter = {
  /**
   * Applies one page of changes and the given settings in ONE transaction: either the whole page and
   * its cursor are stored, or nothing is — an interrupted sync resumes from the last stored cursor.
   */
  applyPage(changes: readonly ReportChange[], settings: Readonly<Record<string, unknown>>, after?: PageHook): void;
  /** Writes one report as given (a local change shown before the server has it); call inside a transaction. */
  putReport(report: Report): void;
};

/** Runs in the page's transaction with the ids of the reports it wrote (local changes are re-applied there). */
export type PageHook = (touched: readonly string[]) => void;

/** Prepared once per open store; the statements are reused for every page. */
export function createReportWriter(sqlite: Sqlite): ReportWriter {
  const schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
  const withDecision = schemaVersion >= DECISION_FROM_VERSION;
  const upsert = sqlite.prepare(upsertSql(withDecision ? [...REPORT_COLUMNS, 'decision'] : REPORT_COLUMNS)).pluck();
  const deleteEvents = sqlite.prepare('DELETE FROM report_events WHERE report_seq = ?');
  const insertEvent = sqlite.prepare(
    'INSERT INTO report_events (report_seq, position, id, at, actor, action, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const deleteReport = sqlite.prepare('DELETE FROM reports WHERE id = ? RETURNING seq').pluck();
  const setKv = sqlite.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  const maxSeq = sqlite.prepare('SELECT coalesce(max(seq), 0) FROM reports').pluck();

  // The server's version of a report replaces any kept one: local changes are re-applied on it (PageHook).
  // (Stores opened at an older schema version, in migration tests, have no such table.)
  const withBases = schemaVersion >= 5;
  const dropBase = withBases ? sqlite.prepare('DELETE FROM report_base WHERE report_id = ?') : null;
  const anyBase = withBases ? sqlite.prepare('SELECT 1 FROM report_base LIMIT 1').pluck() : null;

  /** `lastSeqBefore`: the highest row number before this write; rows above it are new and have no events. */
  const put = (r: Report, lastSeqBefore: number): void => {
    const seq = upsert.get(reportParams(r, withDecision)) as number;
    // A report new to this store (the common case of a first sync) has no events to replace.
    if (seq <= lastSeqBefore) deleteEvents.run(seq);
    r.events.forEach((e, i) => {
      insertEvent.run(seq, i, e.id, e.at, e.actor, e.action, e.fromStatus, e.toStatus, e.detail);
    });
  };

  const apply = sqlite.transaction((changes: readonly ReportChange[], settings: Readonly<Record<string, unknown>>, after?: PageHook) => {
    const lastSeqBefore = maxSeq.get() as number;
    const bases = anyBase?.get() !== undefined;
    const touched: string[] = [];
    for (const change of changes) {
      const id = change.op === 'del' ? change.id : change.report.id;
      if (bases) dropBase?.run(id);
      touched.push(id);
      if (change.op === 'del') {
        const gone = deleteReport.get(change.id) as number | undefined;
        if (gone !== undefined) deleteEvents.run(gone);
        continue;
      }
      put(change.report, lastSeqBefore);
    }
    for (const [key, value] of Object.entries(settings)) setKv.run(key, JSON.stringify(value));
    after?.(touched);
  });
  return { applyPage: (changes, settings, after) => apply.immediate(changes, settings, after), putReport: (r) => put(r, Number.MAX_SAFE_INTEGER) };
}

export function countReports(sqlite: Sqlite): number {
  return sqlite.prepare('SELECT count(*) AS n FROM reports').pluck().get() as number;
}

export function getReport(orm: Orm, id: string): Report | null {
  const row = orm.select().from(reports).where(eq(reports.id, id)).get();
  if (!row) return null;
  const events = orm.select().from(reportEvents).where(eq(reportEvents.reportSeq, row.seq)).orderBy(asc(reportEvents.position)).all();
  return {
    id: row.id,
    reference: row.reference,
    source: row.source as Source,
    category: row.category as Category,
    status: row.status as ReportStatus,
    priority: row.priority,
    urls: JSON.parse(row.urls) as string[],
    description: row.description,
    reporter: row.reporter ? (JSON.parse(row.reporter) as Reporter) : null,
    externalRef: row.externalRef,
    receivedAt: row.receivedAt,
    updatedAt: row.updatedAt,
    claimedBy: row.claimedBy,
    leaseUntil: row.leaseUntil,
    assignedTo: row.assignedTo,
    clusterId: row.clusterId,
    version: row.version,
    ...(row.decision ? { decision: JSON.parse(row.decision) as Decision } : {}),
    events: events.map(
      (e): ReportEvent => ({
        id: e.id,
        at: e.at,
        actor: e.actor,
        action: e.action,
        fromStatus: e.fromStatus as ReportStatus | null,
        toStatus: e.toStatus as ReportStatus,
        detail: e.detail,
      }),
    ),
  };
}
