import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { KindedError } from '@shared';
import type { Db } from './database';
import { queryRows } from './rows';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../resources/migrations/server', import.meta.url));

/**
 * Applies pending migrations, after refusing a database written by a newer version of the server:
 * running old code against a newer schema could silently lose or corrupt data.
 */
export async function migrateDatabase(db: Db): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const known = new Set(migrations.map((m) => m.folderMillis));
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((millis) => !known.has(millis));
  if (unknown.length > 0) {
    throw new KindedError(
      'unsupported',
      `This database was migrated by a newer version of pharos-server (${unknown.length} unknown migration(s)); ` +
        'upgrade the server instead of running an older one against it.',
    );
  }
  // The dialect's migrate() is the same for both drivers; it only needs a session.
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
}

async function appliedMigrations(db: Db): Promise<number[]> {
  const exists = await queryRows<{ t: string | null }>(db, sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists[0]?.t) return [];
  const rows = await queryRows<{ created_at: string | number }>(db, sql`select created_at from drizzle.__drizzle_migrations`);
  return rows.map((r) => Number(r.created_at));
}
