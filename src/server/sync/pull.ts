import { sql, type SQL } from 'drizzle-orm';
import { PULL_DEFAULT_LIMIT, type PullRequest, type Role } from '@shared';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { decodeCursor, encodeCursor, type PullCursor } from './cursor';
import { scopePredicate, seesReporterContact } from './scope';
import { mutationStatus } from './push';

/** The caller: an officer on an enrolled device, whose mutations are reported back by device (client). */
export type Puller = { username: string; role: Role; deviceId?: string };

/** A pull page: the JSON body of a PullResponse (built by the database) and what the caller may log. */
export type PullPage = { json: string; cursor: string; count: number; hasMore: boolean; remaining: number };

/** JSON of one report change (ReportChangeSchema): the stored sync document plus the role-dependent reporter. */
function changeJson(withContact: boolean): SQL {
  const reporter = withContact ? sql`coalesce(p.reporter::text, 'null')` : sql`'null'`;
  return sql`case when p.visible then '{"op":"put","report":' || p.sync_doc || ',"reporter":' || ${reporter} || '}}'
    else '{"op":"del","id":"' || p.id || '"}' end`;
}

/**
 * The changes after the cursor, in version order, as the JSON text of a PullResponse. Each report's
 * JSON is kept up to date by the database (reports.sync_doc), so a page is one statement that
 * concatenates them: no per-row round trip, no decoding and re-encoding in JavaScript. A report
 * outside the caller's scope at its current version becomes a `del`.
 */
export async function pullPage(db: Db, who: Puller, req: PullRequest): Promise<PullPage> {
  const from = req.cursor ? decodeCursor(req.cursor) : await initialCursor(db);
  // Read BEFORE the changes: every mutation up to `last` committed with a version this page (or an
  // earlier one, or the next pages) includes, so a client that drops them never loses their effect.
  const mutations = who.deviceId ? await mutationStatus(db, who.deviceId, req.lastMutationId ?? 0) : { last: 0, rejections: [] };
  const limit = req.limit ?? PULL_DEFAULT_LIMIT;
  const scope = scopePredicate(who.role, who.username);
  const wanted = (after: number) => sql`version > ${after} and (${scope} or version > ${from.highWater})`;
  const [page] = await queryRows<{ last: string | number | null; n: string | number; changes: string }>(
    db,
    sql`with p as materialized (
        select r.id, r.version, r.sync_doc, r.reporter, (${scope}) as visible
        from reports r where ${wanted(from.version)} order by version limit ${limit})
      select (select max(version) from p) as last, (select count(*) from p) as n,
        (select '[' || coalesce(string_agg(${changeJson(seesReporterContact(who.role))}, ',' order by p.version), '') || ']' from p) as changes`,
  );
  const last = page?.last === null || page?.last === undefined ? from.version : Number(page.last);
  const [rest] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from reports where ${wanted(last)}`);
  const remaining = Number(rest?.n ?? 0);
  const cursor: PullCursor = { version: last, highWater: from.highWater };
  const encoded = encodeCursor(cursor);
  const head = `{"cursor":${JSON.stringify(encoded)},"hasMore":${remaining > 0},"remaining":${remaining},"lastMutationId":${mutations.last},"rejections":${JSON.stringify(mutations.rejections)},"serverTime":"${new Date().toISOString()}"`;
  return { json: `${head},"changes":${page?.changes ?? '[]'}}`, cursor: encoded, count: Number(page?.n ?? 0), hasMore: remaining > 0, remaining };
}

async function initialCursor(db: Db): Promise<PullCursor> {
  const [row] = await queryRows<{ v: string | number | null }>(db, sql`select max(version) as v from reports`);
  return { version: 0, highWater: Number(row?.v ?? 0) };
}
