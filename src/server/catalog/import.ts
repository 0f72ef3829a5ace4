import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { KindedError } from '@shared';
import type { Db } from '../db/database';
import { catalogImports } from '../db/schema';
import type { CsvProblem } from './csv';
import { parseNatinfFile } from './natinf-file';
import { upsertOffences, type UpsertCounts } from './store';

export type ImportProgress =
  | { phase: 'read'; rows: number; encoding: string; uncategorised: boolean }
  | { phase: 'write'; done: number; total: number };

export type ImportSummary = UpsertCounts & { rows: number; encoding: string; uncategorised: boolean; ms: number };

/** A file refused as a whole: every invalid row, with its line number; nothing was written. */
export class CatalogFileError extends KindedError {
  constructor(
    readonly problems: readonly CsvProblem[],
    readonly fileName: string,
  ) {
    super('validation', `${fileName} : ${problems.length} ligne(s) invalide(s), rien n’a été importé.`);
    this.name = 'CatalogFileError';
  }
}

/**
 * Imports the official NATINF table: reads and checks the whole file first, then upserts every row by
 * code in one transaction (re-importing updates what changed and nothing else). A file with any invalid
 * row is refused entirely.
 */
export async function importNatinfFile(db: Db, file: string, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportSummary> {
  const started = performance.now();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KindedError('not_found', code === 'ENOENT' ? `Fichier introuvable : ${file}` : `Lecture impossible de ${file} (${code ?? String(e)})`);
  }
  const parsed = parseNatinfFile(bytes);
  if (parsed.problems.length > 0) throw new CatalogFileError(parsed.problems, basename(file));
  onProgress({ phase: 'read', rows: parsed.offences.length, encoding: parsed.encoding, uncategorised: parsed.uncategorised });
  const counts = await upsertOffences(db, parsed.offences, {
    onProgress: (done, total) => onProgress({ phase: 'write', done, total }),
    inTransaction: async (tx, done) => {
      await tx.insert(catalogImports).values({
        id: randomUUID(),
        at: new Date(),
        fileName: basename(file),
        encoding: parsed.encoding,
        rows: parsed.offences.length,
        inserted: done.inserted,
        updated: done.updated,
      });
    },
  });
  return { ...counts, rows: parsed.offences.length, encoding: parsed.encoding, uncategorised: parsed.uncategorised, ms: performance.now() - started };
}
