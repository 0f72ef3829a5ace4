import { categoryFromCsv, foldText, natinfOffenceId, parseNature, type Offence } from '@shared';
import { decodeText, parseCsv, type CsvProblem, type DecodedText } from './csv';

/** The columns of the official layout, by the folded header names the Ministry publishes. */
const COLUMNS = {
  code: 'numero natinf',
  nature: "nature de l'infraction",
  label: "qualification de l'infraction",
  definedBy: 'definie par',
  punishedBy: 'reprimee par',
} as const;
type Column = keyof typeof COLUMNS;
const CATEGORY_COLUMN = 'categorie';

export type ParsedNatinfFile = {
  encoding: DecodedText['encoding'];
  offences: Offence[];
  /** Every invalid row with its line number; when not empty, nothing of the file may be imported. */
  problems: CsvProblem[];
  /** True when the file has no `categorie` column: every row then goes to 'other'. */
  uncategorised: boolean;
};

const headerName = (cell: string): string => foldText(cell).replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();

type Layout = { index: Record<Column, number>; category: number | null; width: number };

function readHeader(cells: string[]): Layout | string {
  const names = cells.map(headerName);
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const [column, name] of Object.entries(COLUMNS) as [Column, string][]) {
    const at = names.indexOf(name);
    if (at < 0) missing.push(name);
    index[column] = at;
  }
  if (missing.length > 0) {
    return `en-tête inattendu : colonne(s) absente(s) ${missing.map((m) => `« ${m} »`).join(', ')} — attendu : Numéro NATINF;Nature de l'infraction;Qualification de l'infraction;Définie par;Réprimée par`;
  }
  const category = names.indexOf(CATEGORY_COLUMN);
  return { index, category: category < 0 ? null : category, width: names.length };
}

/** One data row, or the reason it is refused. */
function readRow(fields: string[], layout: Layout): Offence | string {
  if (fields.length !== layout.width) return `${fields.length} colonne(s) au lieu de ${layout.width}`;
  const cell = (c: Column): string => (fields[layout.index[c]] ?? '').trim();
  const code = cell('code');
  if (!/^\d{1,6}$/.test(code)) return code === '' ? 'numéro NATINF manquant' : `numéro NATINF invalide « ${code} »`;
  const nature = parseNature(cell('nature'));
  if (!nature) return `nature de l'infraction inconnue « ${cell('nature')} » (attendu : Crime, Délit ou Contravention de classe N)`;
  const label = cell('label');
  if (label === '') return "qualification de l'infraction manquante";
  if (label.length > 1000) return 'qualification trop longue (plus de 1000 caractères)';
  const definedBy = cell('definedBy');
  const punishedBy = cell('punishedBy');
  if (definedBy.length > 2000 || punishedBy.length > 2000) return 'texte « définie par » ou « réprimée par » trop long';
  let category: Offence['category'] = 'other';
  if (layout.category !== null) {
    const raw = (fields[layout.category] ?? '').trim();
    const found = raw === '' ? 'other' : categoryFromCsv(raw);
    if (!found) return `catégorie inconnue « ${raw} »`;
    category = found;
  }
  const normalisedCode = String(Number(code));
  return { id: natinfOffenceId(normalisedCode), natinf: normalisedCode, label, ...nature, definedBy, punishedBy, category, source: 'natinf' };
}

/**
 * Reads a whole NATINF file and checks every row before anything is written: a file is imported
 * entirely or not at all, and the officer fixing it gets every bad line at once, not one per run.
 */
export function parseNatinfFile(bytes: Uint8Array): ParsedNatinfFile {
  const decoded = decodeText(bytes);
  const { records, problem } = parseCsv(decoded.text);
  const problems: CsvProblem[] = problem ? [problem] : [];
  const [head, ...rows] = records;
  const base = { encoding: decoded.encoding, offences: [] as Offence[], uncategorised: true };
  if (!head) return { ...base, problems: [{ line: 1, message: 'fichier vide' }] };
  const layout = readHeader(head.fields);
  if (typeof layout === 'string') return { ...base, problems: [{ line: head.line, message: layout }] };
  const seen = new Map<string, number>();
  const offences: Offence[] = [];
  for (const r of rows) {
    const row = readRow(r.fields, layout);
    if (typeof row === 'string') {
      problems.push({ line: r.line, message: row });
      continue;
    }
    const first = seen.get(row.natinf as string);
    if (first !== undefined) {
      problems.push({ line: r.line, message: `numéro NATINF ${row.natinf} déjà présent ligne ${first}` });
      continue;
    }
    seen.set(row.natinf as string, r.line);
    offences.push(row);
  }
  if (offences.length === 0 && problems.length === 0) problems.push({ line: head.line, message: 'aucune infraction après l’en-tête' });
  return { encoding: decoded.encoding, offences, problems, uncategorised: layout.category === null };
}
