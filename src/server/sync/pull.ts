import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import { PULL_DEFAULT_LIMIT, type PullRequest, type Report, type ReportEvent, type Role } from '@shared';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { reportEvents, reports } from '../db/schema';
import { decodeCursor, encodeCursor, type PullCursor } from './cursor';
import { scopePredicate, seesReporterContact } from './scope';

export type Puller = { username: string; role: Role };

/** A pull page, built as plain values and serialised with JSON.stringify (no per-row schema pass). */
export type PullPage = {
  cursor: string;
  changes: ({ op: 'put'; report: Report } | { op: 'del'; id: string })[];
  hasMore: boolean;
  remaining: number;
  lastMutationId: number;
  serverTime: string;
};

const reportColumns = {
  id: reports.id,
  reference: reports.reference,
  source: reports.source,
  category: reports.category,
  status: reports.status,
  priority: reports.priority,
  urls: reports.urls,
  description: reports.description,
  reporter: reports.reporter,
  externalRef: reports.externalRef,
  receivedAt: reports.receivedAt,
  updatedAt: reports.updatedAt,
  claimedBy: reports.claimedBy,
  leaseUntil: reports.leaseUntil,
  assignedTo: reports.assignedTo,
  clusterId: reports.clusterId,
  version: reports.version,
};

/**
 * The changes after the cursor, in version order: two queries per page (reports, then their events),
 * whatever the page size. A report outside the caller's scope at its current version becomes a `del`.
 */
export async function pullChanges(db: Db, who: Puller, req: PullRequest): Promise<PullPage> {
  const from = req.cursor ? decodeCursor(req.cursor) : await initialCursor(db);
  const limit = req.limit ?? PULL_DEFAULT_LIMIT;
  const scope = scopePredicate(who.role, who.username);
  const wanted = (after: number) => and(gt(reports.version, after), sql`(${scope} or ${reports.version} > ${from.highWater})`);
  const rows = await db
    .select({ ...reportColumns, visible: sql<boolean>`${scope}`.as('visible') })
    .from(reports)
    .where(wanted(from.version))
    .orderBy(asc(reports.version))
    .limit(limit);
  const last = rows.at(-1)?.version ?? from.version;
  const [countRow] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from ${reports} where ${wanted(last)}`);
  const remaining = Number(countRow?.n ?? 0);
  const events = await eventsOf(db, rows.filter((r) => r.visible).map((r) => r.id));
  const withContact = seesReporterContact(who.role);
  const changes = rows.map((r): PullPage['changes'][number] => {
    if (!r.visible) return { op: 'del', id: r.id };
    const { visible: _visible, ...report } = r;
    return { op: 'put', report: toReport(report, withContact, events.get(r.id) ?? []) };
  });
  const cursor: PullCursor = { version: last, highWater: from.highWater };
  return { cursor: encodeCursor(cursor), changes, hasMore: remaining > 0, remaining, lastMutationId: 0, serverTime: new Date().toISOString() };
}

async function initialCursor(db: Db): Promise<PullCursor> {
  const [row] = await queryRows<{ v: string | number | null }>(db, sql`select max(${reports.version}) as v from ${reports}`);
  return { version: 0, highWater: Number(row?.v ?? 0) };
}

async function eventsOf(db: Db, ids: string[]): Promise<Map<string, ReportEvent[]>> {
  const byReport = new Map<string, ReportEvent[]>();
  if (ids.length === 0) return byReport;
  const rows = await db.select().from(reportEvents).where(inArray(reportEvents.reportId, ids)).orderBy(asc(reportEvents.at), asc(reportEvents.id));
  for (const e of rows) {
    const list = byReport.get(e.reportId) ?? [];
    if (list.length === 0) byReport.set(e.reportId, list);
    list.push({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      fromStatus: e.fromStatus as ReportEvent['fromStatus'],
      toStatus: e.toStatus as ReportEvent['toStatus'],
      detail: e.detail,
    });
  }
  return byReport;
}

type ReportRow = { [K in keyof typeof reportColumns]: (typeof reports.$inferSelect)[K] };

function toReport(r: ReportRow, withContact: boolean, events: ReportEvent[]): Report {
  return {
    id: r.id,
    reference: r.reference,
    // Values were validated on the way in; the DB stores the enums as text.
    source: r.source as Report['source'],
    category: r.category as Report['category'],
    status: r.status as Report['status'],
    priority: r.priority,
    urls: r.urls,
    description: r.description,
    reporter: withContact ? (r.reporter ?? null) : null,
    externalRef: r.externalRef,
    receivedAt: r.receivedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    claimedBy: r.claimedBy,
    leaseUntil: r.leaseUntil ? r.leaseUntil.toISOString() : null,
    assignedTo: r.assignedTo,
    clusterId: r.clusterId,
    version: r.version,
    events,
  };
}
