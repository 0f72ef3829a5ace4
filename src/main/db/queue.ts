import type { QueuePage, QueueRow } from '@shared/api/contract';
import type { ParsedInputOf } from '@shared/api/contract';
import type { Sqlite } from './open';
import { FACET_JOIN, FACET_MARK } from './migrations';

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

/**
 * Turns what the officer typed into an FTS5 query: every word must appear; the last one as a prefix
 * (it may still be being typed). Prefix matching every word would merge the doclists of all terms
 * sharing each prefix, several times slower on common words, for no gain on the finished ones.
 * With `expand`, the last word's prefix is replaced by the exact indexed terms it covers (an FTS5
 * prefix query reads and merges doclists even when one term matches; exact terms are 3–50× faster);
 * `null` from `expand` means too many terms: keep the prefix query.
 */
export function ftsQuery(text: string | undefined, expand?: (prefix: string) => string[] | null): string | null {
  if (!text) return null;
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  const last = words.pop() as string;
  const terms = expand?.(last);
  if (terms && terms.length === 0) return NO_MATCH;
  const tail = terms ? `(${terms.map((t) => `"${t}"`).join(' OR ')})` : `"${last}"*`;
  // Explicit AND: FTS5 only allows the implicit form between plain phrases, not before a group.
  return [...words.map((w) => `"${w}"`), tail].join(' AND ');
}

/** What ftsQuery returns when the last word starts no indexed term: nothing can match. */
export const NO_MATCH = '';

/** Past this many terms under one prefix, a prefix query is cheaper than the OR of exact terms. */
const MAX_EXPANDED_TERMS = 32;

/** The tokenizer folds case and diacritics (unicode61, remove_diacritics 2): fold the prefix the same way. */
export function foldLikeTokenizer(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Indexed terms starting with `prefix`, read from an fts5vocab view of the search index. */
function createTermExpander(sqlite: Sqlite): (prefix: string) => string[] | null {
  sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.reports_fts_terms USING fts5vocab(main, reports_fts, row)');
  const stmt = sqlite.prepare('SELECT term FROM temp.reports_fts_terms WHERE term >= ? AND term < ? LIMIT ?').pluck();
  return (prefix) => {
    const folded = foldLikeTokenizer(prefix);
    // Upper bound of the range: the prefix followed by the highest code point.
    const terms = stmt.all(folded, `${folded}\u{10FFFF}`, MAX_EXPANDED_TERMS + 1) as string[];
    return terms.length > MAX_EXPANDED_TERMS ? null : terms;
  };
}

/** Below this many text matches, reading the matches beats walking the sort index. */
const DRIVE_BY_MATCHES_BELOW = 3000;

/**
 * Past this many expected look-ups in the full-text index (one per row of the sort index walked,
 * ~10 µs each), reading all the matches once (~0.2 µs per match) is cheaper: deep pages of a
 * common word.
 */
const MAX_PROBES = 400;

type Where = { sql: string; params: (string | number)[] };
type Facets = Pick<QueueFilter, 'categories' | 'statuses' | 'sources'>;
type TextFilter = 'none' | 'hits' | 'hits-driving' | 'probe';

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

function whereClause(f: Facets, text: TextFilter): Where {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const [column, key] of FACETS) {
    const unique = [...new Set(f[key] ?? [])];
    if (unique.length === 0) continue;
    parts.push(`${column} IN (${unique.map(() => '?').join(', ')})`);
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

type Statement = ReturnType<Sqlite['prepare']> & { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };

export type QueueReader = { page(filter: QueueFilter): QueuePage };

/** Which rows of the ordered result to read, walking from the nearer end of the index. */
export function pageWindow(total: number, offset: number, limit: number): { backward: boolean; offset: number; limit: number } {
  if (offset >= total || offset * 2 <= total) return { backward: false, offset, limit };
  const count = Math.min(limit, total - offset);
  return { backward: true, offset: total - offset - count, limit: count };
}

/**
 * How the text matches restrict the walk. `total` matches among `population` reports with the
 * filter's facets: walking the sort index meets a match every population/total rows.
 */
export function textStrategy(
  total: number,
  population: number,
  window: { offset: number; limit: number },
  tuning: QueueTuning = DEFAULT_TUNING,
): Exclude<TextFilter, 'none'> {
  if (total < tuning.driveByMatchesBelow) return 'hits-driving';
  const expectedProbes = ((window.offset + window.limit) * population) / total;
  return expectedProbes <= tuning.maxProbes ? 'probe' : 'hits';
}

/** The crossover points between the ways of reading text matches (tests move them to exercise each). */
export type QueueTuning = { driveByMatchesBelow: number; maxProbes: number };
const DEFAULT_TUNING: QueueTuning = { driveByMatchesBelow: DRIVE_BY_MATCHES_BELOW, maxProbes: MAX_PROBES };

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
  const expand = createTermExpander(sqlite);
  // Matches read once per page request into a connection-local table keyed by row number, when the
  // page needs all of them (few matches, or a deep page of many).
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS queue_hits (seq INTEGER PRIMARY KEY)');
  const clearHits = sqlite.prepare('DELETE FROM temp.queue_hits');
  const fillHits = sqlite.prepare('INSERT INTO temp.queue_hits (seq) SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?');
  const findHits = sqlite.transaction((match: string): void => {
    clearHits.run();
    fillHits.run(match);
  });

  const readRows = (f: QueueFilter, total: number, text: TextFilter, textParams: string[]): QueuePage => {
    const w = pageWindow(total, f.offset, f.limit);
    if (w.limit <= 0) return { rows: [], total };
    const where = whereClause(f, text);
    const inner = w.backward ? ORDER_BY[f.sort].backward : ORDER_BY[f.sort].forward;
    const rowsSql = `SELECT ${ROW_COLUMNS} FROM reports WHERE seq IN (SELECT seq FROM reports ${where.sql} ORDER BY ${inner} LIMIT ? OFFSET ?) ORDER BY ${ORDER_BY[f.sort].forward}`;
    const rows = prepared(rowsSql).all(...where.params, ...textParams, w.limit, w.offset) as QueueRow[];
    return { rows, total };
  };

  return {
    page(f) {
      const text = ftsQuery(f.text, expand);
      if (text === NO_MATCH) return { rows: [], total: 0 };
      if (text === null) {
        const total = population(f);
        return total === 0 ? { rows: [], total } : readRows(f, total, 'none', []);
      }
      const full = [text, ...facetQuery(f)].join(' AND ');
      const total = count('SELECT count(*) FROM reports_fts WHERE reports_fts MATCH ?', [full]);
      if (total === 0) return { rows: [], total };
      const strategy = textStrategy(total, population(f), pageWindow(total, f.offset, f.limit), tuning);
      if (strategy === 'probe') return readRows(f, total, strategy, [text]);
      findHits(full);
      return readRows(f, total, strategy, []);
    },
  };
}
