// Synthetic NATINF rows for the catalog benchmarks, shaped like the official table: the 100 real rows
// of ../shared (when present; else the built-in taxonomy) as templates, with codes above any real one
// and varied aggravations and articles, so labels, words and articles spread like the 17 000+ real rows.
import { existsSync, readFileSync } from 'node:fs';
import { BUILTIN_OFFENCES, type Offence } from '../../src/shared';
import { parseNatinfFile } from '../../src/server/catalog';
import { DEMO_NATINF_FILE } from '../../src/server/demo/catalog';
import { seededRandom } from '../../src/shared/random';

const AGGRAVATIONS = [
  'EN BANDE ORGANISEE', 'EN RECIDIVE', 'EN REUNION', 'AVEC USAGE D\'UNE ARME', 'SUR UN MINEUR DE 15 ANS',
  'PAR CONJOINT OU CONCUBIN', 'PAR PERSONNE DEPOSITAIRE DE L\'AUTORITE PUBLIQUE', 'EN RAISON DE LA RACE OU DE LA RELIGION',
  'AU MOYEN D\'UN RESEAU DE COMMUNICATION ELECTRONIQUE', 'DANS UN ETABLISSEMENT D\'ENSEIGNEMENT', 'SUR PERSONNE VULNERABLE',
  'AVEC PREMEDITATION', 'PAR ASCENDANT', 'EN ETAT D\'IVRESSE MANIFESTE', 'AYANT ENTRAINE UNE INCAPACITE DE TRAVAIL',
];
const CODES = ['C.PENAL.', 'C.SANTE.PUB.', 'C.PROPR.INT.', 'C.ROUTE.', 'C.ENVIR.', 'C.TRAVAIL.', 'C.COMMERCE.', 'LOI DU 29/07/1881.'];

export function templates(): Offence[] {
  return existsSync(DEMO_NATINF_FILE) ? parseNatinfFile(readFileSync(DEMO_NATINF_FILE)).offences : [...BUILTIN_OFFENCES];
}

/** `count` rows with NATINF codes from 100 000 up (no real code is that high), deterministic. */
export function syntheticOffences(count: number, seed = 17): Offence[] {
  const rand = seededRandom(seed);
  const base = templates();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const t = base[i % base.length] as Offence;
    const code = String(100_000 + i);
    const article = `${100 + Math.floor(rand() * 700)}-${1 + Math.floor(rand() * 30)}${rand() < 0.3 ? `-${1 + Math.floor(rand() * 9)}` : ''}`;
    const definedBy = rand() < 0.5 ? t.definedBy : `ART.${article} AL.${1 + Math.floor(rand() * 4)} ${pick(CODES)}`;
    return {
      ...t,
      id: `natinf-${code}`,
      natinf: code,
      label: `${t.label} ${pick(AGGRAVATIONS)}${rand() < 0.3 ? ` ${pick(AGGRAVATIONS)}` : ''}`,
      definedBy,
      category: 'other',
      source: 'natinf',
    };
  });
}

const NATURE: Record<Offence['nature'], string> = { crime: 'Crime', delit: 'Délit', contravention: 'Contravention' };
const cell = (v: string): string => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The official layout (no category column, as published), CRLF, encoded in Latin-1 (Windows-1252). */
export function officialCsvLatin1(offences: readonly Offence[]): Buffer {
  const lines = ["Numéro NATINF;Nature de l'infraction;Qualification de l'infraction;Définie par;Réprimée par"];
  for (const o of offences) {
    const nature = o.nature === 'contravention' && o.contraventionClass ? `Contravention de classe ${o.contraventionClass}` : NATURE[o.nature];
    lines.push([o.natinf ?? '', nature, o.label, o.definedBy, o.punishedBy].map(cell).join(';'));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}
