import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { ServiceEntrySchema, type ServiceEntry } from '@shared';
import type { Db } from '../db/database';
import { directoryServices } from '../db/schema';
import { toEntry, upsertServices } from './directory';

// The orientation directory from the command line: the platform's administrators export it as JSON,
// edit it (a new service, a changed channel, a closed office) and import it back; workstations fetch
// the new version at their next sync. Nothing is ever deleted: a service no longer used is deactivated,
// so decisions that named it still resolve.

type Io = { out(text: string): void; err(text: string): void };

/** Every entry, as the JSON array `directory import` reads back. */
export async function directoryExportCommand(db: Db, io: Io): Promise<number> {
  const rows = await db.select().from(directoryServices).orderBy(directoryServices.kind, directoryServices.id);
  io.out(`${JSON.stringify(rows.map(toEntry), null, 2)}\n`);
  return 0;
}

/** Reads and checks every entry of the file; lists each invalid one by position and id, or returns them all. */
async function readEntries(file: string): Promise<{ entries: ServiceEntry[] } | { problems: string[] }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    return { problems: [`fichier illisible ou JSON invalide (${e instanceof Error ? e.message : String(e)})`] };
  }
  const items: unknown[] = Array.isArray(json) ? json : [json];
  const problems: string[] = [];
  const entries: ServiceEntry[] = [];
  items.forEach((item, i) => {
    const r = ServiceEntrySchema.strict().safeParse(item);
    if (r.success) entries.push(r.data);
    else {
      const id = typeof item === 'object' && item !== null && 'id' in item ? ` (${String((item as { id: unknown }).id).slice(0, 100)})` : '';
      problems.push(`entrée n° ${i + 1}${id} : ${r.error.issues.map((x) => `${x.path.join('.') || 'entrée'} — ${x.message}`).join(' ; ')}`);
    }
  });
  if (items.length === 0) problems.push('aucune entrée dans le fichier');
  return problems.length > 0 ? { problems } : { entries };
}

/** Adds or updates the file's entries, all or none, as one new directory version. */
export async function directoryImportCommand(db: Db, file: string, io: Io): Promise<number> {
  const read = await readEntries(file);
  if ('problems' in read) {
    io.err(`Annuaire refusé, rien n’a été modifié :\n${read.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  const c = await upsertServices(db, read.entries);
  io.out(
    c.added.length + c.updated.length === 0
      ? `Annuaire inchangé (version ${c.version}) : ${c.unchanged.length} entrée(s) identique(s).\n`
      : `Annuaire version ${c.version} : ${c.added.length} ajoutée(s), ${c.updated.length} modifiée(s), ${c.unchanged.length} inchangée(s).\n` +
          [...c.added.map((id) => `  + ${id}`), ...c.updated.map((id) => `  ~ ${id}`)].join('\n') + '\n',
  );
  return 0;
}

/** Marks one service inactive (kept for the decisions that name it; no longer offered). */
export async function directoryDeactivateCommand(db: Db, id: string, io: Io): Promise<number> {
  const [row] = await db.select().from(directoryServices).where(eq(directoryServices.id, id));
  if (!row) {
    io.err(`Aucun service « ${id} » dans l’annuaire ; « directory export » les liste.\n`);
    return 1;
  }
  const c = await upsertServices(db, [{ ...toEntry(row), active: false }]);
  io.out(c.updated.length > 0 ? `Service ${id} désactivé (annuaire version ${c.version}).\n` : `Service ${id} déjà inactif.\n`);
  return 0;
}
