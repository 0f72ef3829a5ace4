import { extractArticles, parseArticleQuery, parseNatinfQuery, type Category, type Offence } from '@shared';
import type { CatalogHit, CatalogMatch } from '@shared/catalog/search';
import { foldLikeTokenizer } from './queue-text';
import type { Sqlite } from './open';

/** The legal catalog in the local store (migration 6): written by sync, searched by the picker. */
export type CatalogStore = {
  /** Writes pulled entries and the catalog cursor in ONE transaction. */
  applyPage(offences: readonly Offence[], cursor: string): void;
  /** Where the next catalog pull starts (null: from the beginning). */
  cursor(): string | null;
  count(): number;
  search(q: { text: string; category?: Category | undefined; limit: number }): CatalogHit[];
  get(ids: readonly string[]): Offence[];
  favourites(userId: string, category: Category): Offence[];
  /** Adds the offence to the officer's favourites of the category, or removes it; returns the new list. */
  toggleFavourite(userId: string, category: Category, offenceId: string, now?: Date): Offence[] | null;
};

export const CATALOG_CURSOR_KEY = 'sync.catalogCursor';

const COLUMNS = `o.id, o.natinf, o.label, o.nature, o.contravention_class AS contraventionClass, o.defined_by AS definedBy,
  o.punished_by AS punishedBy, o.category, o.source`;

/** Words too common in French legal wording to narrow anything ("apologie du terrorisme" ≠ "… D'UN ACTE DE TERRORISME"). */
const STOP_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'ou', 'par', 'pour', 'sur', 'un', 'une', 'art', 'article']);

/**
 * What the officer typed as an FTS5 query over labels: every significant word must appear, the last one
 * as a prefix (it may still be being typed). Null when nothing significant is left.
 */
export function catalogWordsQuery(text: string): string | null {
  const words = foldLikeTokenizer(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  const last = words[words.length - 1] as string;
  const kept = words.slice(0, -1).filter((w) => !STOP_WORDS.has(w));
  const tail = STOP_WORDS.has(last) ? null : `"${last}"*`;
  const terms = [...kept.map((w) => `"${w}"`), ...(tail ? [tail] : [])];
  return terms.length === 0 ? null : terms.join(' AND ');
}

type Row = Omit<Offence, 'natinf'> & { natinf: string | null };

/** Writes pulled pages: each entry, the articles that define it, and the cursor, in one transaction. */
function createCatalogWriter(sqlite: Sqlite): Pick<CatalogStore, 'applyPage' | 'cursor'> {
  const upsert = sqlite.prepare(
    `INSERT INTO catalog_offences (id, natinf, label, nature, contravention_class, defined_by, punished_by, category, source)
     VALUES (@id, @natinf, @label, @nature, @contraventionClass, @definedBy, @punishedBy, @category, @source)
     ON CONFLICT (id) DO UPDATE SET natinf = excluded.natinf, label = excluded.label, nature = excluded.nature,
       contravention_class = excluded.contravention_class, defined_by = excluded.defined_by, punished_by = excluded.punished_by,
       category = excluded.category, source = excluded.source
     RETURNING seq`,
  ).pluck();
  const clearArticles = sqlite.prepare('DELETE FROM catalog_articles WHERE seq = ?');
  const addArticle = sqlite.prepare('INSERT OR IGNORE INTO catalog_articles (article, code, seq) VALUES (?, ?, ?)');
  const setCursor = sqlite.prepare(`INSERT INTO kv (key, value) VALUES ('${CATALOG_CURSOR_KEY}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const applyPage = sqlite.transaction((offences: readonly Offence[], cursor: string) => {
    for (const o of offences) {
      const seq = upsert.get(o) as number;
      clearArticles.run(seq);
      // Only the defining texts: penalty articles (131-30, 131-26-2…) are cited by thousands of offences.
      for (const a of extractArticles(o.definedBy)) addArticle.run(a.article, a.code ?? '', seq);
    }
    setCursor.run(JSON.stringify(cursor));
  });
  const getCursor = sqlite.prepare(`SELECT value FROM kv WHERE key = '${CATALOG_CURSOR_KEY}'`).pluck();
  return {
    applyPage: (offences, cursor) => applyPage.immediate(offences, cursor),
    cursor: () => {
      const v = getCursor.get() as string | undefined;
      return v === undefined ? null : (JSON.parse(v) as string);
    },
  };
}

/**
 * Search tiers, best first: the NATINF code (exact, then codes it starts), the defining article (exact,
 * then the articles under it), the label's words; the report's category first within each tier.
 */
function createCatalogSearch(sqlite: Sqlite): CatalogStore['search'] {
  const boost = 'CASE WHEN o.category = @category THEN 0 ELSE 1 END';
  const byNatinf = sqlite.prepare(`SELECT ${COLUMNS} FROM catalog_offences o WHERE o.natinf = @code`);
  const byNatinfPrefix = sqlite.prepare(
    `SELECT ${COLUMNS} FROM catalog_offences o WHERE o.natinf > @code AND o.natinf < @code || char(0x10FFFF)
     ORDER BY length(o.natinf), o.natinf LIMIT @limit`,
  );
  const byArticle = (withCode: boolean, children: boolean) =>
    sqlite.prepare(
      `SELECT ${COLUMNS} FROM catalog_articles a JOIN catalog_offences o ON o.seq = a.seq
       WHERE ${children ? "a.article > @article || '-' AND a.article < @article || '-' || char(0x10FFFF)" : 'a.article = @article'}
       ${withCode ? 'AND a.code = @code' : ''}
       GROUP BY o.seq ORDER BY ${boost}, o.source = 'builtin' DESC, length(a.article), o.natinf IS NULL, CAST(o.natinf AS INTEGER), o.seq LIMIT @limit`,
    );
  const articleStatements = {
    exact: byArticle(false, false),
    exactCode: byArticle(true, false),
    children: byArticle(false, true),
    childrenCode: byArticle(true, true),
  };
  // Shortest label first among the matches: the plain offence before its aggravated variants. (bm25
  // over thousands of prefix matches costs several times the whole query and ranks no better here.)
  const byWords = sqlite.prepare(
    `SELECT ${COLUMNS} FROM catalog_fts f JOIN catalog_offences o ON o.seq = f.rowid
     WHERE catalog_fts MATCH @match ORDER BY ${boost}, length(o.label), o.seq LIMIT @limit`,
  );
  const browse = sqlite.prepare(`SELECT ${COLUMNS} FROM catalog_offences o WHERE o.category = @category ORDER BY o.source = 'builtin' DESC, o.label LIMIT @limit`);
  const browseAll = sqlite.prepare(`SELECT ${COLUMNS} FROM catalog_offences o ORDER BY o.source = 'builtin' DESC, o.category, o.label LIMIT @limit`);
  const search: CatalogStore['search'] = ({ text, category, limit }) => {
    const params = { category: category ?? '', limit };
    const hits: CatalogHit[] = [];
    const seen = new Set<string>();
    const add = (rows: unknown[], match: CatalogMatch): void => {
      for (const r of rows as Row[]) {
        if (hits.length >= limit || seen.has(r.id)) continue;
        seen.add(r.id);
        hits.push({ ...r, match });
      }
    };
    const trimmed = text.trim();
    const browseCategory = (): CatalogHit[] => {
      add(category ? browse.all(params) : browseAll.all(params), 'browse');
      return hits;
    };
    if (trimmed === '') return browseCategory();
    const code = parseNatinfQuery(trimmed);
    if (code !== null) {
      add(byNatinf.all({ code: String(Number(code)) }), 'natinf');
      add(byNatinfPrefix.all({ code, limit }), 'natinf');
      return hits;
    }
    const article = parseArticleQuery(trimmed);
    if (article !== null) {
      const p = { ...params, article: article.article, code: article.code ?? '' };
      add((article.code ? articleStatements.exactCode : articleStatements.exact).all(p), 'article');
      add((article.code ? articleStatements.childrenCode : articleStatements.children).all(p), 'article');
      return hits;
    }
    // One letter, or only function words ("de la"), says nothing yet: the category's offences stay on
    // screen until a significant word is typed.
    const match = trimmed.length < 2 ? null : catalogWordsQuery(trimmed);
    if (match === null) return browseCategory();
    add(byWords.all({ ...params, match }), 'words');
    return hits;
  };
  return search;
}

export function createCatalogStore(sqlite: Sqlite): CatalogStore {
  const count = sqlite.prepare('SELECT count(*) FROM catalog_offences').pluck();
  const getOne = sqlite.prepare(`SELECT ${COLUMNS} FROM catalog_offences o WHERE o.id = ?`);
  const favourites = sqlite.prepare(
    `SELECT ${COLUMNS} FROM catalog_favourites f JOIN catalog_offences o ON o.id = f.offence_id
     WHERE f.user_id = ? AND f.category = ? ORDER BY f.added_at, o.label`,
  );
  const removeFavourite = sqlite.prepare('DELETE FROM catalog_favourites WHERE user_id = ? AND category = ? AND offence_id = ?');
  const addFavourite = sqlite.prepare('INSERT INTO catalog_favourites (user_id, category, offence_id, added_at) VALUES (?, ?, ?, ?)');
  return {
    ...createCatalogWriter(sqlite),
    count: () => count.get() as number,
    search: createCatalogSearch(sqlite),
    get: (ids) => ids.map((id) => getOne.get(id) as Row | undefined).filter((r): r is Row => r !== undefined),
    favourites: (userId, category) => favourites.all(userId, category) as Row[],
    toggleFavourite: (userId, category, offenceId, now = new Date()) =>
      sqlite.transaction(() => {
        if (removeFavourite.run(userId, category, offenceId).changes === 0) {
          if (!getOne.get(offenceId)) return null;
          addFavourite.run(userId, category, offenceId, now.toISOString());
        }
        return favourites.all(userId, category) as Row[];
      }).immediate(),
  };
}
