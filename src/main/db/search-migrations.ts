import type { Migration } from './migrations';

// The queue's migrations: its indexes (v2, v12), totals (v3, v4) and full-text search with the facets
// in it (v2, v6). What bulk load defers and rebuilds (bulk.ts) is defined here too, once.

/**
 * v2: what makes the queue fast. Covering indexes hold the filter columns after the sort keys, so
 * paging deep into a filtered queue walks the index only; FTS5 (kept in step by triggers) answers
 * text search over reference, addresses and description. `detail = none`: the queue needs which reports
 * match, not where; the index is several times smaller and faster to write and to read.
 */
export const v2: Migration = {
  version: 2,
  description: 'queue indexes and full-text search',
  up: (db) =>
    db.exec(`
      CREATE INDEX ix_queue_priority ON reports (priority DESC, received_at, seq, category, status, source);
      CREATE INDEX ix_queue_received ON reports (received_at, seq, category, status, source);
      CREATE VIRTUAL TABLE reports_fts USING fts5(
        reference, urls, description,
        content = 'reports', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2', detail = none
      );
      CREATE TRIGGER reports_fts_ai AFTER INSERT ON reports BEGIN
        INSERT INTO reports_fts (rowid, reference, urls, description)
        VALUES (new.seq, new.reference, new.search_urls, new.description);
      END;
      CREATE TRIGGER reports_fts_ad AFTER DELETE ON reports BEGIN
        INSERT INTO reports_fts (reports_fts, rowid, reference, urls, description)
        VALUES ('delete', old.seq, old.reference, old.search_urls, old.description);
      END;
      CREATE TRIGGER reports_fts_au AFTER UPDATE OF reference, search_urls, description ON reports BEGIN
        INSERT INTO reports_fts (reports_fts, rowid, reference, urls, description)
        VALUES ('delete', old.seq, old.reference, old.search_urls, old.description);
        INSERT INTO reports_fts (rowid, reference, urls, description)
        VALUES (new.seq, new.reference, new.search_urls, new.description);
      END;
      INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');
    `),
};

/**
 * v3: the queue's totals. One row per (category, status, source) with its count, kept exact by
 * triggers, so the total of any filter without text is a sum over a few hundred rows instead of a
 * scan of 100 000 reports — and it costs ingest less than another index would.
 */
export const v3: Migration = {
  version: 3,
  description: 'queue totals per category, status and source',
  up: (db) =>
    db.exec(`
      CREATE TABLE queue_counts (
        category TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (category, status, source)
      ) WITHOUT ROWID;
      CREATE TRIGGER queue_counts_ai AFTER INSERT ON reports BEGIN
        INSERT INTO queue_counts (category, status, source, n) VALUES (new.category, new.status, new.source, 1)
          ON CONFLICT (category, status, source) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER queue_counts_ad AFTER DELETE ON reports BEGIN
        UPDATE queue_counts SET n = n - 1 WHERE category = old.category AND status = old.status AND source = old.source;
      END;
      CREATE TRIGGER queue_counts_au AFTER UPDATE OF category, status, source ON reports BEGIN
        UPDATE queue_counts SET n = n - 1 WHERE category = old.category AND status = old.status AND source = old.source;
        INSERT INTO queue_counts (category, status, source, n) VALUES (new.category, new.status, new.source, 1)
          ON CONFLICT (category, status, source) DO UPDATE SET n = n + 1;
      END;
      INSERT INTO queue_counts (category, status, source, n)
        SELECT category, status, source, count(*) FROM reports GROUP BY category, status, source;
    `),
};

/**
 * v4: text search combined with filters. A narrow index in row-number order (cheap to maintain: a
 * sync appends to it) lets SQLite check the facets of each full-text match without reading the
 * reports themselves, so "a word + a category" counts its matches in milliseconds.
 */
export const v4: Migration = {
  version: 4,
  description: 'facets by row number, for filtered text search',
  up: (db) => db.exec('CREATE INDEX ix_search_facets ON reports (seq, category, status, source, priority, received_at)'),
};

/**
 * The facets of a report (category, status, source) as search terms, so that "a word + a category"
 * is one full-text query whose count the index answers by intersecting posting lists, instead of a
 * lookup of every match in the reports. The terms start with a private-use character: the tokenizer
 * keeps it (category Co) while what an officer types is split on it, so no search word can ever
 * match or prefix a facet term. `_` is a separator for the tokenizer: it becomes another private-use
 * character so that `child_sexual_abuse` stays one term.
 */
export const FACET_MARK = '\u{E000}';
export const FACET_JOIN = '\u{E001}';
const facetSql = (prefix: string, column: string): string => `char(57344) || '${prefix}' || replace(${column}, '_', char(57345))`;
export const SEARCH_FACETS_SQL = `${facetSql('c', 'category')} || ' ' || ${facetSql('s', 'status')} || ' ' || ${facetSql('o', 'source')}`;

/**
 * The full-text index and the triggers that keep it in step with the reports, as of v6. The bulk load
 * (bulk.ts) drops and recreates the triggers with exactly this text.
 */
export const SEARCH_TRIGGERS_SQL = `
  CREATE TRIGGER IF NOT EXISTS reports_fts_ai AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts (rowid, reference, search_urls, description, search_facets)
    VALUES (new.seq, new.reference, new.search_urls, new.description, new.search_facets);
  END;
  CREATE TRIGGER IF NOT EXISTS reports_fts_ad AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, reference, search_urls, description, search_facets)
    VALUES ('delete', old.seq, old.reference, old.search_urls, old.description, old.search_facets);
  END;
  CREATE TRIGGER IF NOT EXISTS reports_fts_au AFTER UPDATE OF reference, search_urls, description, category, status, source ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, reference, search_urls, description, search_facets)
    VALUES ('delete', old.seq, old.reference, old.search_urls, old.description, old.search_facets);
    INSERT INTO reports_fts (rowid, reference, search_urls, description, search_facets)
    VALUES (new.seq, new.reference, new.search_urls, new.description, new.search_facets);
  END;
`;

/**
 * v6: facets in the full-text index (see SEARCH_FACETS_SQL). The index columns are named after the
 * report columns they index: a rebuild reads the content table by column name, and v2's `urls` column
 * made a rebuild index the stored JSON list instead of the addresses the triggers index.
 */
export const v6: Migration = {
  version: 6,
  description: 'facets in the full-text index',
  up: (db) =>
    db.exec(`
      DROP TRIGGER IF EXISTS reports_fts_ai;
      DROP TRIGGER IF EXISTS reports_fts_ad;
      DROP TRIGGER IF EXISTS reports_fts_au;
      DROP TABLE reports_fts;
      ALTER TABLE reports ADD COLUMN search_facets TEXT GENERATED ALWAYS AS (${SEARCH_FACETS_SQL}) VIRTUAL;
      CREATE VIRTUAL TABLE reports_fts USING fts5(
        reference, search_urls, description, search_facets,
        content = 'reports', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2', detail = none
      );
      ${SEARCH_TRIGGERS_SQL}
      INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');
    `),
};

/**
 * v12: the queue by priority within one category. The priority index puts the most urgent categories
 * first, so a page of a less urgent one (scams, say) walked past tens of thousands of other reports
 * before its first row; with the category leading, the walk starts at it. The queue's common view.
 */
export const QUEUE_CATEGORY_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS ix_queue_category_priority ON reports (category, priority DESC, received_at, seq, status, source)';
export const v12: Migration = {
  version: 12,
  description: 'queue index by category then priority',
  up: (db) => db.exec(QUEUE_CATEGORY_INDEX_SQL),
};
