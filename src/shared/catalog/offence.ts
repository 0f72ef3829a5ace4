import { z } from 'zod';
import { CategorySchema, type Category } from '../domain/taxonomy';

/**
 * The legal catalog: offences an officer can name when qualifying a report (principle of legality,
 * DESIGN §1 step 2). Two sources share one shape: the built-in taxonomy written for this product
 * (offences named by the articles that define them, no NATINF code) and the official NATINF table
 * imported on the server (code, nature, qualification, defining and punishing texts).
 */
export const OFFENCE_NATURES = ['crime', 'delit', 'contravention'] as const;
export const OffenceNatureSchema = z.enum(OFFENCE_NATURES);
export type OffenceNature = z.infer<typeof OffenceNatureSchema>;

export const OFFENCE_SOURCES = ['builtin', 'natinf'] as const;
export const OffenceSourceSchema = z.enum(OFFENCE_SOURCES);
export type OffenceSource = z.infer<typeof OffenceSourceSchema>;

/** A NATINF code: the Ministry of Justice number, digits only. */
export const NatinfCodeSchema = z.string().regex(/^\d{1,6}$/, 'code NATINF : des chiffres uniquement');

/** Stable ids: `cp-421-2-5-apologie` for the built-in taxonomy, `natinf-30736` for imported rows. */
export const OffenceIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/);

export const OffenceSchema = z
  .object({
    id: OffenceIdSchema,
    natinf: NatinfCodeSchema.nullable(),
    label: z.string().min(1).max(1000),
    nature: OffenceNatureSchema,
    /** Class 1 to 5 of a contravention (it sets the penalty); null for crimes and délits. */
    contraventionClass: z.number().int().min(1).max(5).nullable(),
    /** Texts that define the offence, as the source words them (e.g. "ART.421-2-5 AL.2,AL.1 C.PENAL."). */
    definedBy: z.string().max(2000),
    /** Texts that set its penalty. */
    punishedBy: z.string().max(2000),
    category: CategorySchema,
    source: OffenceSourceSchema,
  })
  .strict();
export type Offence = z.infer<typeof OffenceSchema>;

/**
 * What a report's qualification keeps of an offence: enough to show it and to find it again, even if
 * the catalog later changes (the label is the one the officer chose).
 */
export const OffenceRefSchema = z
  .object({
    id: OffenceIdSchema,
    natinf: NatinfCodeSchema.nullable(),
    label: z.string().min(1).max(1000),
  })
  .strict();
export type OffenceRef = z.infer<typeof OffenceRefSchema>;

export const toOffenceRef = (o: Pick<Offence, 'id' | 'natinf' | 'label'>): OffenceRef => ({ id: o.id, natinf: o.natinf, label: o.label });

/** Id of an imported NATINF row. */
export const natinfOffenceId = (code: string): string => `natinf-${code}`;

/**
 * Values of the optional `categorie` column of a NATINF file: the French names used by the platform's
 * own extracts, or the product's category ids themselves.
 */
const CSV_CATEGORY_NAMES: Record<string, Category> = {
  terrorisme: 'terrorism',
  pedocriminalite: 'child_sexual_abuse',
  atteinte_mineurs: 'child_sexual_abuse',
  haine_discrimination: 'hate_discrimination',
  racisme_xenophobie: 'hate_discrimination',
  stupefiants: 'drugs_incitement',
  contrefacon: 'counterfeiting',
  proxenetisme: 'pimping',
  explosifs: 'bomb_making',
  violences_urbaines: 'urban_violence',
  escroquerie: 'scam',
  menaces_harcelement: 'threats_harassment',
  autre: 'other',
};

/** The category named by a `categorie` cell (accents and case ignored), or null when unknown. */
export function categoryFromCsv(value: string): Category | null {
  const key = foldText(value).trim().replace(/[\s-]+/g, '_');
  const byName = CSV_CATEGORY_NAMES[key];
  if (byName) return byName;
  const parsed = CategorySchema.safeParse(key);
  return parsed.success ? parsed.data : null;
}

/** Lower case without diacritics: how labels, articles and queries are compared. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The nature cell of the official file: "Crime", "Délit", "Contravention de classe 5" (case and accents
 * ignored). Null when it is none of these.
 */
export function parseNature(value: string): { nature: OffenceNature; contraventionClass: number | null } | null {
  // A table holds a handful of distinct natures: each is worked out once.
  const known = NATURES_SEEN.get(value);
  if (known !== undefined) return known;
  const parsed = readNature(value);
  if (NATURES_SEEN.size < 100) NATURES_SEEN.set(value, parsed);
  return parsed;
}

type ParsedNature = { nature: OffenceNature; contraventionClass: number | null };
const NATURES_SEEN = new Map<string, ParsedNature | null>();

function readNature(value: string): ParsedNature | null {
  const v = foldText(value).trim().replace(/\s+/g, ' ');
  if (v === 'crime') return { nature: 'crime', contraventionClass: null };
  if (v === 'delit') return { nature: 'delit', contraventionClass: null };
  const m = /^contravention(?: de (?:la )?(\d)(?:e|eme)? classe| de classe (\d))?$/.exec(v);
  if (!m) return null;
  const cls = m[1] ?? m[2];
  if (cls !== undefined && (Number(cls) < 1 || Number(cls) > 5)) return null;
  return { nature: 'contravention', contraventionClass: cls === undefined ? null : Number(cls) };
}
