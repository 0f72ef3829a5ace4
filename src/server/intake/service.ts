import { randomUUID } from 'node:crypto';
import { and, inArray, sql } from 'drizzle-orm';
import { basePriority, canonicalUrl, OPEN_STATUSES, type ReportSubmission, type ReportSubmissionResult, type Source } from '@shared';
import type { Db } from '../db/database';
import { queryRows, withReportsLock, type Tx } from '../db/rows';
import { reportEvents, reports } from '../db/schema';

/** Who submitted: the public form, or an API key of a professional or State service. */
export type Origin =
  | { source: 'public' }
  | { source: Exclude<Source, 'public'>; organisation: string; apiKeyId: string };

/**
 * Records a new report (status `received`, base priority, canonical URLs, a `receive` event) and, when
 * one of its pages is already in an open report, puts both in the same cluster for cross-checking.
 */
export async function submitReport(db: Db, submission: ReportSubmission, origin: Origin): Promise<ReportSubmissionResult> {
  const now = new Date();
  const canonical = [...new Set(submission.urls.map((u) => canonicalUrl(u) ?? u))];
  return withReportsLock(db, async (tx) => {
    const reference = await nextReference(tx, now);
    const clusterId = await joinCluster(tx, canonical, now);
    const id = randomUUID();
    const reporter = origin.source === 'public' ? (submission.reporter ?? null) : { ...submission.reporter, organisation: origin.organisation };
    await tx.insert(reports).values({
      id,
      reference,
      source: origin.source,
      category: submission.category,
      status: 'received',
      priority: basePriority(submission.category, origin.source),
      urls: submission.urls,
      canonicalUrls: canonical,
      description: submission.description,
      reporter: reporter && Object.keys(reporter).length > 0 ? reporter : null,
      externalRef: submission.externalRef ?? null,
      apiKeyId: origin.source === 'public' ? null : origin.apiKeyId,
      receivedAt: now,
      updatedAt: now,
      clusterId,
    });
    await tx.insert(reportEvents).values({
      id: randomUUID(),
      reportId: id,
      at: now,
      actor: origin.source === 'public' ? 'public' : `org:${origin.organisation}`,
      action: 'receive',
      fromStatus: null,
      toStatus: 'received',
      detail: clusterId ? `cluster ${clusterId}` : null,
    });
    return { id, reference };
  });
}

/** PH-YYYY-NNNNNN: the year of receipt and a number that never repeats (sequence). */
async function nextReference(tx: Tx, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: string | number }>(tx, sql`select nextval('report_reference_seq') as n`);
  return `PH-${now.getUTCFullYear()}-${String(row?.n ?? 0).padStart(6, '0')}`;
}

/**
 * The cluster id for a report with these canonical URLs, or null if no open report shares one.
 * The first duplicate creates the cluster and stamps it on the reports already there (new version,
 * so workstations learn about the grouping).
 */
async function joinCluster(tx: Tx, canonical: string[], now: Date): Promise<string | null> {
  const urls = sql`array[${sql.join(canonical.map((u) => sql`${u}`), sql`, `)}]::text[]`;
  const matches = await tx
    .select({ id: reports.id, clusterId: reports.clusterId })
    .from(reports)
    .where(and(sql`${reports.canonicalUrls} ?| ${urls}`, inArray(reports.status, [...OPEN_STATUSES])))
    .orderBy(reports.receivedAt)
    .limit(50);
  if (matches.length === 0) return null;
  const clusterId = matches.find((m) => m.clusterId)?.clusterId ?? randomUUID();
  const unclustered = matches.filter((m) => !m.clusterId).map((m) => m.id);
  if (unclustered.length > 0) {
    await tx
      .update(reports)
      .set({ clusterId, updatedAt: now, version: sql`nextval('report_version_seq')` })
      .where(inArray(reports.id, unclustered));
  }
  return clusterId;
}

/** Number of reports stored (tests and statistics). */
export async function countReports(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from ${reports}`);
  return Number(row?.n ?? 0);
}
