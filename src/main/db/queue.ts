import type { QueuePage, QueueRow } from '@shared/api/contract';
import type { ParsedInputOf } from '@shared/api/contract';
import type { Sqlite } from './open';
import { FACET_JOIN, FACET_MARK } from './search-migrations';
import { countsOutdated, createChangeWatch, createTermIndex, DEFAULT_TUNING, estimateMatches, matchOf, NO_MATCH, searchTerms, textStrategy, type QueueTuning, type TextStrategy } from './queue-text';

export type QueueFilter = ParsedInputOf<'queue.page'>;
type Sort = QueueFilter['sort'];

/**
 * Every order ends with seq so that paging is deterministic; each matches the prefix of an index of
 * migration 2 (forwards or backwards), so SQLite walks the index instead of sorting.
 */
const ORDER_BY: Record<Sort, { forward: string; backward: string }> = {
  priority: { forward: 'priority DESC, received_at ASC, seq ASC', backward: 'priority ASC, received_at DESC, seq DESC' },
  oldest: { forward: 'received_at ASC, seq ASC', backward: 'received_at DESC, seq DESC' },
  newest: { forward: 'received_at DESC, seq DESC', backward: 'received_at ASC, seq ASC' },
};

const ROW_COLUMNS =
  'id, reference, source, category, status, priority, received_at AS receivedAt, claimed_by AS claimedBy, lease_until AS leaseUntil, description, first_url AS firstUrl, url_count AS urlCount';

type Where = { sql: string; params: (string | number)[] };
type Facets = Pick<QueueFilter, 'categories' | 'statuses' | 'sources'>;
export type TextFilter = 'none' | TextStrategy;

const FACETS = [
  ['category', 'categories', 'c'],
  ['status', 'statuses', 's'],
  ['source', 'sources', 'o'],
] as const;

/** The facet filters as full-text groups (see migration 6): `(c1 OR c2) AND (s1)`. */
export function facetQuery(f: Facets): string[] {
  const groups: string[] = [];
  for (const [, key, prefix] of FACETS) {
    const values = [...new Set(f[key] ?? [])];
    if (values.length === 0) continue;
    groups.push(`(${values.map((v) => `"${FACET_MARK}${prefix}${v.replaceAll('_', FACET_JOIN)}"`).join(' OR ')})`);
  }
  return groups;
}

/**
 * The category-then-priority index (migration 12) serves one category sorted by priority. For any other
 * page SQLite could still pick it for its selectivity and then sort the whole category: the unary plus
 * keeps the category test off the index, so the sort order's own index is walked.
 */
function categoryColumn(sort: Sort | undefined, values: number): string {
  return sort === 'priority' && values === 1 ? 'category' : '+category';
}

function whereClause(f: Facets, text: TextFilter, sort?: Sort): Where {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const [column, key] of FACETS) {
    const unique = [...new Set(f[key] ?? [])];
    if (unique.length === 0) continue;
    const tested = column === 'category' ? categoryColumn(sort, unique.length) : column;
    parts.push(`${tested} IN (${unique.map(() => '?').join(', ')})`);
    params.push(...unique);
  }
  switch (text) {
    case 'none':
      break;
    case 'hits-driving':
      // Few matches: read them directly, then sort them.
      parts.push('seq IN (SELECT seq FROM temp.queue_hits)');
      break;
    case 'hits':
      // Many matches: `+seq` stops SQLite from driving the query by the matches (random reads all over
      // the table); the sort index drives it and it stops as soon as the page is full.
      parts.push('+seq IN (SELECT seq FROM temp.queue_hits)');
      break;
    case 'probe':
      // Many matches, an early page: each report met on the sort index is looked up in the full-text
      // index, and the walk stops at the end of the page — no match is read that is not shown.
      parts.push('EXISTS (SELECT 1 FROM reports_fts WHERE reports_fts MATCH ? AND rowid = reports.seq)');
      break;
    default: {
      const never: never = text;
      throw new Error(`unknown text filter ${String(never)}`);
    }
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * A page's statement: the inner query walks an index for the page's row numbers (its plan is what
 * the queue's speed rests on; a test reads it), the outer one reads those rows. Parameters: the
 * filter's, then the text's, then limit and offset.
 */
export function pageQuery(f: QueueFilter, text: TextFilter, backward: boolean): Where {
  const where = whereClause(f, text, f.sort);
  const inner = backward ? ORDER_BY[f.sort].backward : ORDER_BY[f.sort].forward;
  return {
    sql: `SELECT ${ROW_COLUMNS} FROM reports WHERE seq IN (SELECT seq FROM reports ${where.sql} ORDER BY ${inner} LIMIT ? OFFSET ?) ORDER BY ${ORDER_BY[f.sort].forward}`,
    params: where.params,
  };
}

type Statement = ReturnType<Sqlite['prepare']> & { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };

export type QueueReader = { page(filter: QueueFilter): QueuePage };

/** Which rows of the ordered result to read, walking from the nearer end of the index. */
export function pageWindow(total: number, offset: number, limit: number): { backward: boolean; offset: number; limit: number } {
  if (offset >= total || offset * 2 <= total) return { backward: false, offset, limit };
  const count = Math.min(limit, total - offset);
  return { backward: true, offset: total - offset - count, limit: count };
}

/**
 * Two phases: the inner query finds the page's row numbers on a covering index (filters and sort keys
 * only, so deep offsets never touch the table), the outer one reads the full rows. Past the middle the
 * index is walked from its other end, so the last page costs what the first does. Totals come from the
 * per-facet counts (no text) or from the full-text index, facets included (migration 6). Statements
 * are cached per shape.
 */
export function createQueueReader(sqlite: Sqlite, tuning: QueueTuning = DEFAULT_TUNING): QueueReader {
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const count = (sql: string, params: unknown[]): number => prepared(sql).pluck().get(...params) as number;
  const population = (f: Facets): number => {
    const where = whereClause(f, 'none');
    return count(`SELECT coalesce(sum(n), 0) FROM queue_counts ${where.sql}`, where.params);
  };
  const watch = createChangeWatch(sqlite);
  // How many reports the store held when the remembered term counts were read.
  let countsReadAt = 0;
  const index = createTermIndex(sqlite, watch.changed);
  // Matches read once per page request into a connection-local table keyed by row number, when the
  // page needs all of them (few matches, or a deep page of many).
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS queue_hits (seq INTEGER PRIMARY KEY)');
  const clearHits = sqlite.prepare('DELETE FROM temp.queue_hits');
  const fillHits = sqlite.prepare('INSERT INTO temp.queue_hits (seq) SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?');
  // Returns how many matches there are: reading them is counting them.
  const findHits = sqlite.transaction((match: string): number => {
    const cleared = clearHits.run().changes;
    const found = fillHits.run(match).changes;
    watch.ownWrites(cleared + found);
    return found;
  });

  const readRows = (f: QueueFilter, total: number, text: TextFilter, textParams: string[]): QueuePage => {
    const w = pageWindow(total, f.offset, f.limit);
    if (w.limit <= 0) return { rows: [], total };
    const q = pageQuery(f, text, w.backward);
    const rows = prepared(q.sql).all(...q.params, ...textParams, w.limit, w.offset) as QueueRow[];
    return { rows, total };
  };

  /**
   * Probing needs the exact total first (one pass over the matches that keeps nothing); the other ways
   * read the matches into a table and get the total from it. The choice rests on an estimate, then on
   * the total once counted, so a wrong estimate costs time, never a wrong page.
   */
  const textPage = (f: QueueFilter, match: string, full: string, estimate: number, inFacets: number): QueuePage => {
    const end = f.offset + f.limit;
    if (textStrategy(estimate, inFacets, end, tuning) === 'probe') {
      const total = count('SELECT count(*) FROM reports_fts WHERE reports_fts MATCH ?', [full]);
      if (total === 0) return { rows: [], total };
      const w = pageWindow(total, f.offset, f.limit);
      const strategy = textStrategy(total, inFacets, w.offset + w.limit, tuning);
      if (strategy === 'probe') return readRows(f, total, strategy, [match]);
      findHits(full);
      return readRows(f, total, strategy, []);
    }
    const total = findHits(full);
    if (total === 0) return { rows: [], total };
    return readRows(f, total, total < tuning.driveByMatchesBelow ? 'hits-driving' : 'hits', []);
  };

  return {
    page(f) {
      const terms = searchTerms(f.text, index.expand);
      if (terms === null) {
        const total = population(f);
        return total === 0 ? { rows: [], total } : readRows(f, total, 'none', []);
      }
      const match = matchOf(terms);
      if (match === NO_MATCH) return { rows: [], total: 0 };
      const inFacets = population(f);
      const all = population({});
      if (countsOutdated(countsReadAt, all)) {
        index.forgetCounts();
        countsReadAt = all;
      }
      const estimate = estimateMatches(terms, index, inFacets, all);
      return textPage(f, match, [match, ...facetQuery(f)].join(' AND '), estimate, inFacets);
    },
  };
}
