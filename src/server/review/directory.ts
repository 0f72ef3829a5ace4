import { sql } from 'drizzle-orm';
import { KindedError, ServiceEntrySchema, type DirectoryResponse, type ServiceEntry } from '@shared';
import type { Db } from '../db/database';
import { queryRows, type Tx } from '../db/rows';
import { directoryServices } from '../db/schema';
import { DIRECTORY_SEED } from './directory-seed';

type Row = typeof directoryServices.$inferSelect;
export const toEntry = (r: Row): ServiceEntry =>
  ServiceEntrySchema.parse({ id: r.id, kind: r.kind, name: r.name, departement: r.departement, country: r.country, categories: r.categories, channel: r.channel, notes: r.notes, active: r.active });

/**
 * Adds the seed entries a directory lacks (a new server, or a newer release with more entries). Entries
 * already there are left as the platform edited them.
 */
export async function seedDirectory(db: Db): Promise<number> {
  const inserted = await db
    .insert(directoryServices)
    .values(DIRECTORY_SEED.map((s) => ({ ...s, version: 1 })))
    .onConflictDoNothing()
    .returning({ id: directoryServices.id });
  return inserted.length;
}

export async function directoryVersion(db: Pick<Db, 'execute'>): Promise<number> {
  const [row] = await queryRows<{ v: string | number | null }>(db, sql`select max(version) as v from directory_services`);
  return Number(row?.v ?? 0);
}

/** The directory for a workstation: everything, or nothing new when it already holds version `since`. */
export async function readDirectory(db: Db, since: number | null): Promise<DirectoryResponse> {
  const version = await directoryVersion(db);
  if (since !== null && since === version) return { version, services: null };
  const rows = await db.select().from(directoryServices).orderBy(directoryServices.kind, directoryServices.id);
  return { version, services: rows.map(toEntry) };
}

/** Adds or replaces one entry, as a new directory version (workstations fetch it at their next sync). */
export async function upsertService(db: Db, s: ServiceEntry): Promise<number> {
  return (await upsertServices(db, [s])).version;
}

export type DirectoryChange = { version: number; added: string[]; updated: string[]; unchanged: string[] };

/**
 * Adds or replaces entries, all or none, as one new directory version (none when nothing differs).
 * Entries are validated by the caller's schema parse; an id given twice is refused.
 */
export async function upsertServices(db: Db, entries: readonly ServiceEntry[]): Promise<DirectoryChange> {
  const parsed = entries.map((e) => ServiceEntrySchema.parse(e));
  const twice = parsed.find((e, i) => parsed.findIndex((o) => o.id === e.id) !== i);
  if (twice) throw new KindedError('validation', `le service « ${twice.id} » figure deux fois`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table directory_services in exclusive mode`);
    const current = new Map((await tx.select().from(directoryServices)).map((r) => [r.id, toEntry(r)]));
    const change: DirectoryChange = { version: await directoryVersion(tx), added: [], updated: [], unchanged: [] };
    const changed = parsed.filter((e) => {
      const before = current.get(e.id);
      const bucket = !before ? change.added : JSON.stringify(before) === JSON.stringify(e) ? change.unchanged : change.updated;
      bucket.push(e.id);
      return bucket !== change.unchanged;
    });
    if (changed.length === 0) return change;
    change.version += 1;
    const version = change.version;
    for (const entry of changed) {
      await tx.insert(directoryServices).values({ ...entry, version }).onConflictDoUpdate({ target: directoryServices.id, set: { ...entry, version, updatedAt: new Date() } });
    }
    return change;
  });
}

/** The entries of these ids, for checking orientations inside a push transaction. */
export async function loadServices(tx: Tx, ids: readonly string[]): Promise<Map<string, ServiceEntry>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<Row & { departement: string | null }>(
    tx,
    sql`select id, kind, name, departement, country, categories, channel, notes, active from directory_services where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`,
  );
  return new Map(rows.map((r) => [r.id, toEntry(r)]));
}
