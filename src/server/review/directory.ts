import { sql } from 'drizzle-orm';
import { ServiceEntrySchema, type DirectoryResponse, type ServiceEntry } from '@shared';
import type { Db } from '../db/database';
import { queryRows, type Tx } from '../db/rows';
import { directoryServices } from '../db/schema';
import { DIRECTORY_SEED } from './directory-seed';

type Row = typeof directoryServices.$inferSelect;
const toEntry = (r: Row): ServiceEntry =>
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
  const entry = ServiceEntrySchema.parse(s);
  const version = (await directoryVersion(db)) + 1;
  await db
    .insert(directoryServices)
    .values({ ...entry, version })
    .onConflictDoUpdate({ target: directoryServices.id, set: { ...entry, version, updatedAt: new Date() } });
  return version;
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
