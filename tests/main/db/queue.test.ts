import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@shared/domain/report';
import { pageQuery } from '../../../src/main/db/queue';
import { countsOutdated, createTermIndex } from '../../../src/main/db/queue-text';
import { createQueueReader, estimateMatches, facetQuery, foldLikeTokenizer, matchOf, openLocalDb, pageWindow, searchTerms, textStrategy, type LocalDb, type QueueFilter } from '../../../src/main/db';
import { syntheticReport } from '../helpers/synthetic';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
let db: LocalDb;
const reports: Report[] = [];
const N = 600;

/** What the officer typed, as the full-text query the reader runs. */
const ftsQuery = (text: string, expand?: (prefix: string) => string[] | null) => {
  const terms = searchTerms(text, expand);
  return terms ? matchOf(terms) : null;
};

const page = (f: Partial<QueueFilter>) => db.queuePage({ sort: 'priority', offset: 0, limit: 50, ...f });

beforeAll(() => {
  db = openLocalDb({ file: path.join(tempDir(), 'q.db'), key: randomBytes(32) });
  for (let i = 0; i < N; i++) reports.push(syntheticReport(i, 3));
  reports[5] = { ...reports[5]!, description: 'Boutique de faux médicaments très particulière', urls: ['https://pharmacie-douteuse.example/achat'] };
  db.writer.applyPage(reports.map((report) => ({ op: 'put' as const, report })), {});
});
afterAll(() => db.close());

describe('queue query', () => {
  it('returns every report once across pages, with the total', () => {
    const seen = new Set<string>();
    for (let offset = 0; offset < N; offset += 50) {
      const p = page({ offset });
      expect(p.total).toBe(N);
      for (const r of p.rows) seen.add(r.id);
    }
    expect(seen.size).toBe(N);
  });

  it('reads deep pages from the other end of the index, in the same order', () => {
    for (const sort of ['priority', 'oldest', 'newest'] as const) {
      const all = page({ sort, limit: 500 }).rows.concat(page({ sort, offset: 500, limit: 500 }).rows);
      expect(all).toHaveLength(N);
      expect(page({ sort, offset: 520, limit: 50 }).rows).toEqual(all.slice(520, 570));
      expect(page({ sort, offset: 590, limit: 50 }).rows).toEqual(all.slice(590));
      expect(page({ sort, offset: N + 10 }).rows).toEqual([]);
      const scam = page({ sort, categories: ['scam'], limit: 500 });
      expect(page({ sort, categories: ['scam'], offset: scam.total - 7 }).rows).toEqual(scam.rows.slice(-7));
    }
    expect(pageWindow(100, 90, 50)).toEqual({ backward: true, offset: 0, limit: 10 });
    expect(pageWindow(100, 10, 50)).toEqual({ backward: false, offset: 10, limit: 50 });
  });

  it('sorts by priority then age, oldest and newest', () => {
    const byPriority = [...reports].sort((a, b) => b.priority - a.priority || a.receivedAt.localeCompare(b.receivedAt));
    expect(page({ limit: 20 }).rows.map((r) => r.priority)).toEqual(byPriority.slice(0, 20).map((r) => r.priority));
    const oldest = page({ sort: 'oldest', limit: 500 }).rows.map((r) => r.receivedAt);
    expect(oldest).toEqual([...oldest].sort());
    const newest = page({ sort: 'newest', limit: 500 }).rows.map((r) => r.receivedAt);
    expect(newest).toEqual([...newest].sort().reverse());
    expect(newest[0]).toBe([...reports.map((r) => r.receivedAt)].sort().reverse()[0]);
  });

  it('filters by categories, statuses and sources, and counts what matches', () => {
    const f = { categories: ['scam', 'terrorism'] as const, statuses: ['received'] as const, sources: ['public', 'state'] as const };
    const expected = reports.filter((r) => (f.categories as readonly string[]).includes(r.category) && r.status === 'received' && (f.sources as readonly string[]).includes(r.source));
    const p = page({ categories: [...f.categories], statuses: [...f.statuses], sources: [...f.sources], limit: 500 });
    expect(p.total).toBe(expected.length);
    expect(new Set(p.rows.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));
  });

  it('searches description, addresses and reference, accents and case ignored', () => {
    const target = reports[5]!;
    expect(page({ text: 'MEDICAMENTS particul' }).rows.map((r) => r.id)).toEqual([target.id]);
    expect(page({ text: 'pharmacie-douteuse.example' }).rows.map((r) => r.id)).toEqual([target.id]);
    expect(page({ text: reports[42]!.reference }).rows.map((r) => r.id)).toEqual([reports[42]!.id]);
    expect(page({ text: 'introuvablexyz' })).toEqual({ rows: [], total: 0 });
    const common = page({ text: 'signalement', categories: ['scam'] });
    expect(common.total).toBe(reports.filter((r) => r.category === 'scam' && r.description.startsWith('Signalement')).length);
  });

  it('maps rows to the queue row shape', () => {
    const row = page({ text: reports[5]!.reference }).rows[0]!;
    expect(row).toEqual({
      id: reports[5]!.id,
      reference: reports[5]!.reference,
      source: reports[5]!.source,
      category: reports[5]!.category,
      status: reports[5]!.status,
      priority: reports[5]!.priority,
      receivedAt: reports[5]!.receivedAt,
      claimedBy: null,
      leaseUntil: null,
      description: reports[5]!.description,
      firstUrl: 'https://pharmacie-douteuse.example/achat',
      urlCount: 1,
    });
  });

  it('builds safe full-text queries from any input', () => {
    expect(ftsQuery('  ')).toBeNull();
    expect(ftsQuery('a"b OR c*')).toBe('"a" AND "b" AND "OR" AND "c"*');
    expect(() => page({ text: '"(( NEAR AND' })).not.toThrow();
  });

  it('replaces the last word by the exact indexed terms it starts, folded like the index', () => {
    expect(ftsQuery('colis Livr', () => ['livraison', 'livre'])).toBe('"colis" AND ("livraison" OR "livre")');
    expect(ftsQuery('colis livr', () => null)).toBe('"colis" AND "livr"*');
    expect(ftsQuery('colis livr', () => [])).toBe('');
    expect(foldLikeTokenizer('MÉDICaments')).toBe('medicaments');
    const target = reports[5]!;
    // While typing: an accented, capitalised prefix of the last word still finds the report.
    expect(page({ text: 'pharmacie MÉDIC' }).rows.map((r) => r.id)).toEqual([target.id]);
    expect(page({ text: 'pharmacie zzz' })).toEqual({ rows: [], total: 0 });
  });
});

describe('ways of reading text matches', () => {
  // Three readers of the same store, each forced into one strategy: reading all the matches first
  // (few matches), walking the sort index against them (many), or probing the full-text index row by
  // row while walking (many, early page). Whatever the filter, they must return the same page.
  const readers = () => ({
    driving: createQueueReader(db.sqlite, { driveByMatchesBelow: Number.MAX_SAFE_INTEGER, maxProbes: 0, probeCostInMatches: 1 }),
    walking: createQueueReader(db.sqlite, { driveByMatchesBelow: 0, maxProbes: -1, probeCostInMatches: 1 }),
    probing: createQueueReader(db.sqlite, { driveByMatchesBelow: 0, maxProbes: Number.MAX_SAFE_INTEGER, probeCostInMatches: 0 }),
  });

  it('gives the same pages and totals with every strategy, sort, filter and offset', () => {
    const { driving, walking, probing } = readers();
    const filters: Partial<QueueFilter>[] = [
      { text: 'signalement' },
      { text: 'signalement', categories: ['scam', 'child_sexual_abuse'] },
      { text: 'signalement', statuses: ['in_progress', 'received'], sources: ['public'] },
      { text: 'sign', categories: ['terrorism'] },
      { text: 'pharmacie' },
    ];
    let compared = 0;
    for (const sort of ['priority', 'oldest', 'newest'] as const) {
      for (const f of filters) {
        for (const offset of [0, 37, 300, 560]) {
          const q: QueueFilter = { sort, offset, limit: 50, ...f };
          const expected = driving.page(q);
          expect(walking.page(q)).toEqual(expected);
          expect(probing.page(q)).toEqual(expected);
          compared += expected.rows.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('counts text matches with facets exactly as filtering the reports would', () => {
    const statuses = ['received', 'in_progress'] as const;
    const p = page({ text: 'signalement', categories: ['scam', 'hate_discrimination'], statuses: [...statuses], limit: 500 });
    const expected = reports.filter(
      (r) => ['scam', 'hate_discrimination'].includes(r.category) && (statuses as readonly string[]).includes(r.status) && r.description.startsWith('Signalement'),
    );
    expect(p.total).toBe(expected.length);
    expect(new Set(p.rows.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));
  });

  it('chooses by the cost of look-ups against reading every match', () => {
    const tuning = { driveByMatchesBelow: 3000, maxProbes: 400, probeCostInMatches: 250 };
    expect(textStrategy(2999, 100_000, 50, tuning)).toBe('hits-driving');
    // A common word, first page: 100 look-ups cost less than keeping 50 000 matches.
    expect(textStrategy(50_000, 100_000, 50, tuning)).toBe('probe');
    expect(textStrategy(50_000, 100_000, 5050, tuning)).toBe('hits');
    // Words and a category: ~190 look-ups cost more than keeping 14 000 matches.
    expect(textStrategy(14_000, 54_000, 50, tuning)).toBe('hits');
    expect(textStrategy(5_000, 100_000, 50, tuning)).toBe('hits');
    expect(facetQuery({ categories: ['scam', 'scam', 'child_sexual_abuse'], sources: ['public'] })).toEqual([
      '("\u{E000}cscam" OR "\u{E000}cchild\u{E001}sexual\u{E001}abuse")',
      '("\u{E000}opublic")',
    ]);
  });
});

describe('ingest', () => {
  it('upserts, replaces events, deletes, and stores settings in the same transaction', () => {
    const local = openLocalDb({ file: path.join(tempDir(), 'i.db'), key: randomBytes(32) });
    const r = syntheticReport(1, 9);
    local.writer.applyPage([{ op: 'put', report: r }], { 'sync.cursor': 'c1' });
    const updated: Report = { ...r, status: 'in_progress', version: 2, events: [...r.events, { id: 'e2', at: r.receivedAt, actor: 'agent', action: 'claim', fromStatus: 'received', toStatus: 'in_progress', detail: 'pris' }] };
    local.writer.applyPage([{ op: 'put', report: updated }], { 'sync.cursor': 'c2' });
    expect(local.getReport(r.id)).toEqual(updated);
    expect(local.countReports()).toBe(1);
    expect(local.kv.get('sync.cursor')).toBe('c2');
    local.writer.applyPage([{ op: 'del', id: r.id }], { 'sync.cursor': 'c3' });
    expect(local.getReport(r.id)).toBeNull();
    expect(local.sqlite.prepare('SELECT count(*) FROM report_events').pluck().get()).toBe(0);
    expect(page.call(null, {}).total).toBe(N); // the other store is untouched
    local.close();
  });

  it('writes nothing of a page that fails half-way (cursor included)', () => {
    const local = openLocalDb({ file: path.join(tempDir(), 'j.db'), key: randomBytes(32) });
    const good = syntheticReport(1, 11);
    const bad = { ...syntheticReport(2, 11), urls: null } as unknown as Report;
    expect(() => local.writer.applyPage([{ op: 'put', report: good }, { op: 'put', report: bad }], { 'sync.cursor': 'x' })).toThrow();
    expect(local.countReports()).toBe(0);
    expect(local.kv.get('sync.cursor')).toBeNull();
    local.close();
  });
});

describe('query plans', () => {
  type PlanRow = { id: number; parent: number; detail: string };
  /** The plan of the inner query of a page: the walk that must stop at the end of the page. */
  const innerPlan = (f: Partial<QueueFilter>, text: 'none' | 'hits' | 'probe'): string[] => {
    const q = pageQuery({ sort: 'priority', offset: 0, limit: 50, ...f } as QueueFilter, text, false);
    const rows = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params, ...(text === 'probe' ? ['"signalement"'] : []), 50, 0) as PlanRow[];
    const sub = rows.find((r) => r.detail.startsWith('LIST SUBQUERY'));
    const inside = new Set([sub?.id]);
    for (const r of rows) if (inside.has(r.parent)) inside.add(r.id);
    return rows.filter((r) => r.id !== sub?.id && inside.has(r.id)).map((r) => r.detail);
  };

  it('walks the index of the sort order, never sorting the filtered reports (with the store’s statistics)', () => {
    db.optimize();
    const cases: [Partial<QueueFilter>, string][] = [
      [{ sort: 'priority' }, 'ix_queue_priority'],
      [{ sort: 'priority', categories: ['scam'] }, 'ix_queue_category_priority (category=?)'],
      [{ sort: 'priority', categories: ['scam', 'terrorism'] }, 'ix_queue_priority'],
      [{ sort: 'priority', categories: ['scam'], statuses: ['received'] }, 'ix_queue_category_priority (category=?)'],
      [{ sort: 'oldest', categories: ['scam'] }, 'ix_queue_received'],
      [{ sort: 'newest', categories: ['scam'], sources: ['public'] }, 'ix_queue_received'],
    ];
    for (const [f, index] of cases) {
      for (const text of ['none', 'hits', 'probe'] as const) {
        const plan = innerPlan(f, text).join(' | ');
        expect(plan, `${JSON.stringify(f)} ${text}`).toContain(index);
        expect(plan, `${JSON.stringify(f)} ${text}`).not.toContain('TEMP B-TREE');
      }
    }
  });
});

describe('remembered term statistics', () => {
  it('never hide a report written after a search: the terms under a prefix are read again', () => {
    const local = openLocalDb({ file: path.join(tempDir(), 'memo.db'), key: randomBytes(32) });
    const put = (i: number, description: string) => local.writer.applyPage([{ op: 'put', report: { ...syntheticReport(i), description } }], {});
    put(1, 'Colis livré jamais reçu');
    const search = () => local.queuePage({ sort: 'priority', offset: 0, limit: 50, text: 'colis livr' });
    expect(search().total).toBe(1);
    expect(search().total).toBe(1); // remembered: same answer
    put(2, 'Colis livrable contre paiement anticipé'); // a new term under the same prefix
    expect(search().total).toBe(2);
    local.close();
  });
});

describe('remembered report counts of terms', () => {
  it('are kept while the store keeps its size, read again once it grew or shrank by a tenth', () => {
    expect(countsOutdated(0, 100_000)).toBe(true); // a first sync filled the store
    expect(countsOutdated(100_000, 105_000)).toBe(false);
    expect(countsOutdated(100_000, 111_000)).toBe(true);
    expect(countsOutdated(100_000, 89_000)).toBe(true);
    expect(countsOutdated(10, 90)).toBe(false); // tiny stores: within a hundred
  });

  it('say what the index held when read, until forgotten', () => {
    const local = openLocalDb({ file: path.join(tempDir(), 'counts.db'), key: randomBytes(32) });
    const index = createTermIndex(local.sqlite, () => false);
    expect(index.reportsWith('contrefacon')).toBe(0);
    local.writer.applyPage([1, 2, 3].map((i) => ({ op: 'put' as const, report: { ...syntheticReport(i), description: 'Vente de contrefaçon de montres' } })), {});
    expect(index.reportsWith('contrefacon')).toBe(0); // remembered
    index.forgetCounts();
    expect(index.reportsWith('contrefacon')).toBe(3);
    local.close();
  });
});

describe('expected matches', () => {
  const index = { reportsWith: (t: string) => ({ colis: 500, livraison: 400, livraisons: 100 })[t] ?? 0 };

  it('keeps each word’s share of the reports, the last word’s terms together', () => {
    const terms = searchTerms('Colis LIVRAIS', () => ['livraison', 'livraisons'])!;
    // 1 000 reports, 600 in the filter's facets: 600 × 500/1000 × (400+100)/1000.
    expect(estimateMatches(terms, index, 600, 1000)).toBeCloseTo(150);
    expect(estimateMatches(searchTerms('inconnu colis', () => ['colis'])!, index, 600, 1000)).toBe(0);
  });

  it('assumes the worst of a prefix too common to expand, and of an empty store', () => {
    expect(estimateMatches(searchTerms('colis l', () => null)!, index, 600, 1000)).toBeCloseTo(300);
    expect(estimateMatches(searchTerms('colis', () => ['colis'])!, index, 0, 0)).toBe(0);
  });

  it('is close to the real count on the store, and the page is exact whatever it says', () => {
    const terms = searchTerms('signalement', (p) => db.sqlite.prepare("SELECT term FROM temp.reports_fts_terms WHERE term >= ? AND term < ?").pluck().all(p, `${p}\u{10FFFF}`) as string[])!;
    const docs = db.sqlite.prepare('SELECT doc FROM temp.reports_fts_terms WHERE term = ?').pluck();
    const estimate = estimateMatches(terms, { reportsWith: (t) => (docs.get(t) as number | undefined) ?? 0 }, N, N);
    const real = page({ text: 'signalement', limit: 1 }).total;
    expect(real).toBeGreaterThan(0);
    expect(Math.abs(estimate - real) / real).toBeLessThan(0.01); // one word: its document count is exact
  });
});
