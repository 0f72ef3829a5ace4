import type { QueuePage, QueueRow } from '@shared/api/contract';
import type { ParsedInputOf } from '@shared/api/contract';
import type { Sqlite } from './open';

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
  'id, reference, source, category, status, priority, received_at AS receivedAt, claimed_by AS claimedBy, description, first_url AS firstUrl, url_count AS urlCount';

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

type Where = { sql: string; params: (string | number)[] };

function whereClause(f: QueueFilter, withHits: boolean, driveByMatches: boolean): Where {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const inList = (column: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return;
    const unique = [...new Set(values)];
    parts.push(`${column} IN (${unique.map(() => '?').join(', ')})`);
    params.push(...unique);
  };
  inList('category', f.categories);
  inList('status', f.statuses);
  inList('source', f.sources);
  if (withHits) {
    // Few matches: read them directly. Many (a common word): `+seq` stops SQLite from driving the query
    // by the matches (random reads all over the table); the sort index drives it, each entry looked up
    // in the hits table by row number, and it stops as soon as the page is full.
    parts.push(`${driveByMatches ? '' : '+'}seq IN (SELECT seq FROM temp.queue_hits)`);
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
 * Two phases: the inner query finds the page's row numbers on a covering index (filters and sort keys
 * only, so deep offsets never touch the table), the outer one reads the full rows. Past the middle the
 * index is walked from its other end, so the last page costs what the first does. Totals come from
 * the per-facet counts (no text) or the text search's hits. Statements are cached per shape.
 */
export function createQueueReader(sqlite: Sqlite): QueueReader {
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
  const expand = createTermExpander(sqlite);
  // The matches of a text search, read once per page request into a connection-local table keyed by
  // row number: the total, the filtered total and the page all use it, where each used to re-run the
  // full-text query and materialise its result again.
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS queue_hits (seq INTEGER PRIMARY KEY)');
  const clearHits = sqlite.prepare('DELETE FROM temp.queue_hits');
  const fillHits = sqlite.prepare('INSERT INTO temp.queue_hits (seq) SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?');
  const findHits = sqlite.transaction((match: string): number => {
    clearHits.run();
    return fillHits.run(match).changes;
  });

  return {
    page(f) {
      const match = ftsQuery(f.text, expand);
      if (match === NO_MATCH) return { rows: [], total: 0 };
      const matches = match ? findHits(match) : null;
      if (matches === 0) return { rows: [], total: 0 };
      const onlyText = !f.categories?.length && !f.statuses?.length && !f.sources?.length;
      let total: number;
      if (matches === null) {
        const where = whereClause(f, false, false);
        total = count(`SELECT coalesce(sum(n), 0) FROM queue_counts ${where.sql}`, where.params);
      } else if (onlyText) {
        total = matches;
      } else {
        // Text and filters: each match's facets are checked on the narrow row-number index.
        const byMatches = whereClause(f, true, true);
        total = count(`SELECT count(*) FROM reports INDEXED BY ix_search_facets ${byMatches.sql}`, byMatches.params);
      }
      if (total === 0) return { rows: [], total };
      const where = whereClause(f, matches !== null, total <= DRIVE_BY_MATCHES_BELOW);
      const w = pageWindow(total, f.offset, f.limit);
      if (w.limit <= 0) return { rows: [], total };
      const inner = w.backward ? ORDER_BY[f.sort].backward : ORDER_BY[f.sort].forward;
      const rowsSql = `SELECT ${ROW_COLUMNS} FROM reports WHERE seq IN (SELECT seq FROM reports ${where.sql} ORDER BY ${inner} LIMIT ? OFFSET ?) ORDER BY ${ORDER_BY[f.sort].forward}`;
      const rows = prepared(rowsSql).all(...where.params, w.limit, w.offset) as QueueRow[];
      return { rows, total };
    },
  };
}
