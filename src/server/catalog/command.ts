import type { Db } from '../db/database';
import { CatalogFileError, importNatinfFile, type ImportProgress } from './import';

const MAX_LISTED_PROBLEMS = 50;
const fr = (n: number): string => n.toLocaleString('fr-FR');

/** Lines an administrator reads while an import runs. */
function progressLine(p: ImportProgress): string {
  switch (p.phase) {
    case 'read':
      return `Fichier lu (${p.encoding === 'utf-8' ? 'UTF-8' : 'Latin-1 / Windows-1252'}) : ${fr(p.rows)} infraction(s) valides.` +
        (p.uncategorised ? ' Pas de colonne « categorie » : les infractions sont rangées dans la catégorie « autre ».' : '');
    case 'write':
      return `Import : ${fr(p.done)} / ${fr(p.total)}`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/**
 * `pharos-server catalog import FILE`: 0 when imported, 1 when the file is refused (every invalid line
 * listed, nothing written) or cannot be read.
 */
export async function catalogImportCommand(db: Db, file: string, io: { out(t: string): void; err(t: string): void }): Promise<number> {
  try {
    const s = await importNatinfFile(db, file, (p) => io.out(`${progressLine(p)}\n`));
    const rate = s.ms > 0 ? Math.round((s.rows / s.ms) * 1000) : s.rows;
    io.out(
      `Catalogue NATINF importé : ${fr(s.inserted)} ajoutée(s), ${fr(s.updated)} mise(s) à jour, ${fr(s.unchanged)} inchangée(s) ` +
        `en ${(s.ms / 1000).toFixed(2)} s (${fr(rate)} lignes/s).\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof CatalogFileError)) throw e;
    const listed = e.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ligne ${p.line} : ${p.message}`);
    const more = e.problems.length > MAX_LISTED_PROBLEMS ? [`  … et ${e.problems.length - MAX_LISTED_PROBLEMS} autre(s)`] : [];
    io.err(`Fichier refusé — ${e.message}\n${[...listed, ...more].join('\n')}\n`);
    return 1;
  }
}
