import { sql, type SQL } from 'drizzle-orm';
import { PULL_DEFAULT_LIMIT, type PullRequest, type Role } from '@shared';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { jObject, jRaw, jStr, jTime } from './json-sql';
import { decodeCursor, encodeCursor, type PullCursor } from './cursor';
import { scopePredicate, seesReporterContact } from './scope';

export type Puller = { username: string; role: Role };

/** A pull page: the JSON body of a PullResponse (built by the database) and what the caller may log. */
export type PullPage = { json: string; cursor: string; count: number; hasMore: boolean; remaining: number };

/**
 * The events of the page's visible reports, one JSON array per report. `= any(array(...))` makes the
 * planner probe the events index once per report instead of merging with the whole events table.
 */
const EVENT_JSON = jObject([
  ['id', jStr(sql`e.id`)],
  ['at', jTime(sql`e.at`)],
  ['actor', jStr(sql`e.actor`)],
  ['action', jStr(sql`e.action`)],
  ['fromStatus', jStr(sql`e.from_status`)],
  ['toStatus', jStr(sql`e.to_status`)],
  ['detail', jStr(sql`e.detail`)],
]);
const EVENTS_CTE = sql`ev as (
    select e.report_id, '[' || string_agg(${EVENT_JSON}, ',' order by e.at, e.id) || ']' as events
    from report_events e where e.report_id = any(array(select id from p where p.visible))
    group by e.report_id)`;

/** JSON of one report change (ReportChangeSchema), as text. */
function changeJson(withContact: boolean): SQL {
  const report = jObject([
    ['id', jStr(sql`p.id`)],
    ['reference', jStr(sql`p.reference`)],
    ['source', jStr(sql`p.source`)],
    ['category', jStr(sql`p.category`)],
    ['status', jStr(sql`p.status`)],
    ['priority', jRaw(sql`p.priority`)],
    ['urls', jRaw(sql`p.urls`)],
    ['description', jStr(sql`p.description`)],
    ['reporter', withContact ? jRaw(sql`p.reporter`) : sql`'null'`],
    ['externalRef', jStr(sql`p.external_ref`)],
    ['receivedAt', jTime(sql`p.received_at`)],
    ['updatedAt', jTime(sql`p.updated_at`)],
    ['claimedBy', jStr(sql`p.claimed_by`)],
    ['leaseUntil', jTime(sql`p.lease_until`)],
    ['assignedTo', jStr(sql`p.assigned_to`)],
    ['clusterId', jStr(sql`p.cluster_id`)],
    ['version', jRaw(sql`p.version`)],
    ['events', sql`coalesce(ev.events, '[]')`],
  ]);
  return sql`case when p.visible then '{"op":"put","report":' || ${report} || '}' else '{"op":"del","id":"' || p.id || '"}' end`;
}

/**
 * The changes after the cursor, in version order, as the JSON text of a PullResponse. PostgreSQL
 * (or PGlite) writes the JSON of the whole page in one statement: no per-row round trip, no row
 * decoding and re-encoding in JavaScript — the page is sent as the database produced it. A report
 * outside the caller's scope at its current version becomes a `del`.
 */
export async function pullPage(db: Db, who: Puller, req: PullRequest): Promise<PullPage> {
  const from = req.cursor ? decodeCursor(req.cursor) : await initialCursor(db);
  const limit = req.limit ?? PULL_DEFAULT_LIMIT;
  const scope = scopePredicate(who.role, who.username);
  const wanted = (after: number) => sql`version > ${after} and (${scope} or version > ${from.highWater})`;
  const [page] = await queryRows<{ last: string | number | null; n: string | number; changes: string }>(
    db,
    sql`with p as materialized (
        select r.*, (${scope}) as visible from reports r where ${wanted(from.version)} order by version limit ${limit}),
      ${EVENTS_CTE}
      select (select max(version) from p) as last, (select count(*) from p) as n,
        (select '[' || coalesce(string_agg(${changeJson(seesReporterContact(who.role))}, ',' order by p.version), '') || ']'
         from p left join ev on ev.report_id = p.id) as changes`,
  );
  const last = page?.last === null || page?.last === undefined ? from.version : Number(page.last);
  const [rest] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from reports where ${wanted(last)}`);
  const remaining = Number(rest?.n ?? 0);
  const cursor: PullCursor = { version: last, highWater: from.highWater };
  const encoded = encodeCursor(cursor);
  const head = `{"cursor":${JSON.stringify(encoded)},"hasMore":${remaining > 0},"remaining":${remaining},"lastMutationId":0,"serverTime":"${new Date().toISOString()}"`;
  return { json: `${head},"changes":${page?.changes ?? '[]'}}`, cursor: encoded, count: Number(page?.n ?? 0), hasMore: remaining > 0, remaining };
}

async function initialCursor(db: Db): Promise<PullCursor> {
  const [row] = await queryRows<{ v: string | number | null }>(db, sql`select max(version) as v from reports`);
  return { version: 0, highWater: Number(row?.v ?? 0) };
}
