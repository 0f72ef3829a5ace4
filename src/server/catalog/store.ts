import { sql } from 'drizzle-orm';
import { BUILTIN_OFFENCES, KindedError, type Offence } from '@shared';
import type { Db } from '../db/database';
import { queryRows, type Tx } from '../db/rows';
import { CATALOG_WRITE_LOCK } from '../db/schema';

export type UpsertCounts = { inserted: number; updated: number; unchanged: number };

/** Rows per statement: one JSON parameter each, so no limit on bound parameters; big enough to amortise. */
export const UPSERT_BATCH = 2500;

/**
 * Inserts or updates a batch in one statement: the rows travel as a single JSON parameter expanded by
 * the database (no per-row round trip, no 65 535-parameter ceiling). A row whose content did not change
 * keeps its version, so a re-import of the same file sends nothing to workstations.
 */
async function upsertBatch(tx: Tx, batch: readonly Offence[]): Promise<{ inserted: number; updated: number }> {
  const json = JSON.stringify(
    batch.map((o) => ({
      id: o.id,
      natinf: o.natinf,
      label: o.label,
      nature: o.nature,
      contravention_class: o.contraventionClass,
      defined_by: o.definedBy,
      punished_by: o.punishedBy,
      category: o.category,
      source: o.source,
    })),
  );
  const [row] = await queryRows<{ inserted: string | number; updated: string | number }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${json}::jsonb) as x(id text, natinf text, label text, nature text,
          contravention_class integer, defined_by text, punished_by text, category text, source text)
      ), up as (
        insert into catalog_offences as c (id, natinf, label, nature, contravention_class, defined_by, punished_by, category, source, updated_at)
        select id, natinf, label, nature, contravention_class, defined_by, punished_by, category, source, now() from input
        on conflict (id) do update set natinf = excluded.natinf, label = excluded.label, nature = excluded.nature,
          contravention_class = excluded.contravention_class, defined_by = excluded.defined_by, punished_by = excluded.punished_by,
          category = excluded.category, source = excluded.source, updated_at = excluded.updated_at,
          version = nextval('catalog_version_seq')
        where (c.natinf, c.label, c.nature, c.contravention_class, c.defined_by, c.punished_by, c.category, c.source)
          is distinct from (excluded.natinf, excluded.label, excluded.nature, excluded.contravention_class,
            excluded.defined_by, excluded.punished_by, excluded.category, excluded.source)
        returning (xmax = 0) as fresh
      ) select count(*) filter (where fresh) as inserted, count(*) filter (where not fresh) as updated from up`,
  );
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0) };
}

/**
 * Writes catalog entries in ONE transaction under the catalog lock (versions then commit in order for
 * the feed): either all of them or, on any failure, none. `onProgress` gets the rows written so far.
 */
export async function upsertOffences(
  db: Db,
  offences: readonly Offence[],
  opts: { onProgress?: (done: number, total: number) => void; inTransaction?: (tx: Tx, counts: UpsertCounts) => Promise<void> } = {},
): Promise<UpsertCounts> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CATALOG_WRITE_LOCK})`);
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < offences.length; i += UPSERT_BATCH) {
      const batch = offences.slice(i, i + UPSERT_BATCH);
      const counts = await upsertBatch(tx, batch);
      inserted += counts.inserted;
      updated += counts.updated;
      opts.onProgress?.(i + batch.length, offences.length);
    }
    const result = { inserted, updated, unchanged: offences.length - inserted - updated };
    await opts.inTransaction?.(tx, result);
    return result;
  });
}

/** The built-in taxonomy in the catalog, brought up to date at every start (unchanged entries keep their version). */
export async function ensureBuiltinCatalog(db: Db): Promise<UpsertCounts> {
  return upsertOffences(db, BUILTIN_OFFENCES);
}

type OffenceRow = {
  id: string;
  natinf: string | null;
  label: string;
  nature: Offence['nature'];
  contravention_class: number | null;
  defined_by: string;
  punished_by: string;
  category: Offence['category'];
  source: Offence['source'];
  version: string | number;
};

const toOffence = (r: OffenceRow): Offence => ({
  id: r.id,
  natinf: r.natinf,
  label: r.label,
  nature: r.nature,
  contraventionClass: r.contravention_class,
  definedBy: r.defined_by,
  punishedBy: r.punished_by,
  category: r.category,
  source: r.source,
});

export function encodeCatalogCursor(version: number): string {
  return Buffer.from(`c1:${version}`, 'utf8').toString('base64url');
}

export function decodeCatalogCursor(cursor: string | null): number {
  if (cursor === null) return 0;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^c1:(\d{1,15})$/.exec(text);
  if (!m) throw new KindedError('validation', 'Curseur du catalogue invalide : recommencez la synchronisation du catalogue depuis le début.');
  return Number(m[1]);
}

/** The catalog entries changed after the cursor, in version order. */
export async function catalogPage(db: Db, cursor: string | null, limit: number) {
  const after = decodeCatalogCursor(cursor);
  const rows = await queryRows<OffenceRow>(
    db,
    sql`select id, natinf, label, nature, contravention_class, defined_by, punished_by, category, source, version
      from catalog_offences where version > ${after} order by version limit ${limit}`,
  );
  const last = rows.length > 0 ? Number(rows[rows.length - 1]?.version) : after;
  const [rest] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from catalog_offences where version > ${last}`);
  const remaining = Number(rest?.n ?? 0);
  return { cursor: encodeCatalogCursor(last), offences: rows.map(toOffence), hasMore: remaining > 0, remaining };
}
