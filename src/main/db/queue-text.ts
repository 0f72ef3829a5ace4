import type { Sqlite } from './open';

// Text search of the queue: what the officer typed as an FTS5 query, and how many reports it is likely
// to match, read from the index's own term statistics before any match is read (which way to read the
// matches depends on it; see textStrategy).

/** The words of a search, the last one resolved to the indexed terms it may still be the start of. */
export type SearchTerms = {
  words: string[];
  /** Exact indexed terms covering the last word, or null when too many: kept as a prefix query. */
  tail: { last: string; terms: string[] | null };
};

/** Indexed terms under a prefix (null past MAX_EXPANDED_TERMS), and how many reports hold a term. */
export type TermIndex = { expand(prefix: string): string[] | null; reportsWith(term: string): number; forgetCounts(): void };

/** What ftsQuery returns when the last word starts no indexed term: nothing can match. */
export const NO_MATCH = '';

/** Past this many terms under one prefix, a prefix query is cheaper than the OR of exact terms. */
const MAX_EXPANDED_TERMS = 32;

/** The tokenizer folds case and diacritics (unicode61, remove_diacritics 2): fold the words the same way. */
export function foldLikeTokenizer(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function searchTerms(text: string | undefined, expand?: TermIndex['expand']): SearchTerms | null {
  if (!text) return null;
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  const last = words.pop();
  if (last === undefined) return null;
  return { words, tail: { last, terms: expand ? expand(last) : null } };
}

/**
 * Turns the words of a search into an FTS5 query: every word must appear; the last one as a prefix
 * (it may still be being typed). Prefix matching every word would merge the doclists of all terms
 * sharing each prefix, several times slower on common words, for no gain on the finished ones.
 * With `expand`, the last word's prefix is replaced by the exact indexed terms it covers (an FTS5
 * prefix query reads and merges doclists even when one term matches; exact terms are 3–50× faster);
 * `null` from `expand` means too many terms: keep the prefix query.
 */
export function matchOf({ words, tail }: SearchTerms): string {
  if (tail.terms && tail.terms.length === 0) return NO_MATCH;
  const last = tail.terms ? `(${tail.terms.map((t) => `"${t}"`).join(' OR ')})` : `"${tail.last}"*`;
  // Explicit AND: FTS5 only allows the implicit form between plain phrases, not before a group.
  return [...words.map((w) => `"${w}"`), last].join(' AND ');
}

/**
 * How many of `population` reports (those with the filter's facets, out of `all`) are expected to
 * match: each word keeps the share of reports that hold it, as if words were independent. Only a
 * choice of method rests on it; totals are always counted exactly.
 */
export function estimateMatches(terms: SearchTerms, index: Pick<TermIndex, 'reportsWith'>, population: number, all: number): number {
  if (all === 0) return 0;
  const share = (n: number): number => Math.min(1, n / all);
  let estimate = population;
  for (const w of terms.words) estimate *= share(index.reportsWith(foldLikeTokenizer(w)));
  // An unexpanded prefix covers many terms: assume it keeps everything (the pessimistic side).
  if (terms.tail.terms) estimate *= share(terms.tail.terms.reduce((sum, t) => sum + index.reportsWith(t), 0));
  return estimate;
}

/** Terms (and prefixes) remembered; past it the memory starts over. */
const MAX_REMEMBERED = 2000;

/** A memory with a bound: cleared when full rather than tracking use. */
function memo<T>(): { get(key: string, compute: () => T): T; clear(): void } {
  const values = new Map<string, T>();
  return {
    get(key, compute) {
      if (values.has(key)) return values.get(key) as T;
      if (values.size >= MAX_REMEMBERED) values.clear();
      const v = compute();
      values.set(key, v);
      return v;
    },
    clear: () => values.clear(),
  };
}

/**
 * The term statistics of the search index, through an fts5vocab view of it. Reading it goes through
 * the whole list of reports of every term it passes (as long as counting the matches of those words),
 * so what it says is remembered:
 * - the terms under a prefix decide what a search matches, so they are remembered exactly: forgotten
 *   as soon as anything was written to the store (`changed`);
 * - a term's report count only guides the choice of a method, like a database planner's statistics,
 *   so it is kept: a count gone stale costs time, never a wrong page.
 * Officers search the same words again and again, and page through the same search.
 */
export function createTermIndex(sqlite: Sqlite, changed: () => boolean): TermIndex {
  sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.reports_fts_terms USING fts5vocab(main, reports_fts, row)');
  const range = sqlite.prepare('SELECT term, doc FROM temp.reports_fts_terms WHERE term >= ? AND term < ? LIMIT ?');
  const docs = sqlite.prepare('SELECT doc FROM temp.reports_fts_terms WHERE term = ?').pluck();
  const expansions = memo<string[] | null>();
  const counts = memo<number>();
  return {
    expand(prefix) {
      if (changed()) expansions.clear();
      const folded = foldLikeTokenizer(prefix);
      return expansions.get(folded, () => {
        // Upper bound of the range: the prefix followed by the highest code point.
        const rows = range.all(folded, `${folded}\u{10FFFF}`, MAX_EXPANDED_TERMS + 1) as { term: string; doc: number }[];
        // Reading the terms went through their lists of reports anyway: their counts come with them.
        for (const r of rows) counts.get(r.term, () => r.doc);
        return rows.length > MAX_EXPANDED_TERMS ? null : rows.map((r) => r.term);
      });
    },
    reportsWith: (term) => counts.get(term, () => (docs.get(term) as number | undefined) ?? 0),
    forgetCounts: () => counts.clear(),
  };
}

/**
 * Whether remembered report counts no longer fit the store: it grew or shrank by a tenth since they
 * were read (a first sync filling it, a purge). Small stores are re-read more readily: below a
 * thousand reports the counts are cheap anyway.
 */
export function countsOutdated(readAt: number, now: number): boolean {
  return Math.abs(now - readAt) > Math.max(readAt, 1000) / 10;
}

/**
 * Whether anything was written to the store since the last call, by this connection or another:
 * `total_changes()` counts this connection's row changes (the reader's own temporary table aside, whose
 * writes it discounts through `ownWrites`), `data_version` moves when another connection commits.
 */
export function createChangeWatch(sqlite: Sqlite): { changed(): boolean; ownWrites(n: number): void } {
  const state = sqlite.prepare('SELECT total_changes(), (SELECT data_version FROM pragma_data_version)').raw();
  let own = 0;
  let last = '';
  return {
    changed() {
      const [total, version] = state.get() as [number, number];
      const now = `${total - own}:${version}`;
      const moved = now !== last;
      last = now;
      return moved;
    },
    ownWrites: (n) => {
      own += n;
    },
  };
}

/** The ways of reading text matches (see whereClause in queue.ts). */
export type TextStrategy = 'hits-driving' | 'probe' | 'hits';

/**
 * The crossover points between the ways of reading text matches (tests move them to exercise each):
 * below `driveByMatchesBelow` matches, read them and sort them; otherwise walk the sort index, either
 * looking each row up in the full-text index (probe) or checking it against all the matches read once
 * into a table (hits). A look-up costs as much as reading and keeping `probeCostInMatches` matches
 * (measured: ~30–45 µs per look-up against ~0.16 µs per match kept), and past `maxProbes` look-ups
 * reading everything wins anyway.
 */
export type QueueTuning = { driveByMatchesBelow: number; maxProbes: number; probeCostInMatches: number };
export const DEFAULT_TUNING: QueueTuning = { driveByMatchesBelow: 3000, maxProbes: 400, probeCostInMatches: 250 };

/**
 * `matches` (expected or counted) among `population` reports with the filter's facets: walking the
 * sort index meets a match every population/matches rows, so a page ending at `end` costs
 * end × population / matches look-ups when probing, against reading all the matches once.
 */
export function textStrategy(matches: number, population: number, end: number, tuning: QueueTuning = DEFAULT_TUNING): TextStrategy {
  if (matches < tuning.driveByMatchesBelow) return 'hits-driving';
  const probes = (end * population) / matches;
  return probes <= tuning.maxProbes && probes * tuning.probeCostInMatches <= matches ? 'probe' : 'hits';
}
