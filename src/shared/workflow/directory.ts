import { z } from 'zod';
import { CategorySchema, type Category } from '../domain/taxonomy';
import { ServiceKindSchema, serviceKindsFor, type OrientationOutcome } from './decision';

/**
 * The orientation directory: the services a case can be sent to (DESIGN §1 step 5). The server manages
 * it and workstations receive it through sync, so that orientation works offline.
 */
export const ServiceEntrySchema = z.object({
  id: z.string().min(1).max(100),
  kind: ServiceKindSchema,
  name: z.string().min(1).max(300),
  /** INSEE code of the département a territorial service covers. */
  departement: z.string().max(3).nullable(),
  /** ISO 3166-1 alpha-2 country of a foreign platform or of a cooperation channel's counterpart. */
  country: z.string().length(2).nullable(),
  /** Categories a central office is competent for (empty: any). */
  categories: z.array(CategorySchema),
  /** How cases reach it (channel name, public address of a platform's authorities portal). */
  channel: z.string().max(500).nullable(),
  notes: z.string().max(1000).nullable(),
  active: z.boolean(),
});
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;

export const DirectorySchema = z.object({ version: z.number().int().nonnegative(), services: z.array(ServiceEntrySchema) });
export type Directory = z.infer<typeof DirectorySchema>;

/** GET /directory?since=N: the whole directory, or `services: null` when the caller already has version N. */
export const DirectoryResponseSchema = z.object({ version: z.number().int().nonnegative(), services: z.array(ServiceEntrySchema).nullable() });
export type DirectoryResponse = z.infer<typeof DirectoryResponseSchema>;

/** Member states of the European Union: cases there go through Europol, elsewhere through Interpol. */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export type SuggestionInput = {
  outcome: OrientationOutcome;
  category: Category;
  /** Where the facts or the reporter are (from the reporter's postcode, or entered). */
  departement: string | null;
  /** Where the content is hosted (from enrichment, or entered). */
  hostCountry: string | null;
};

/**
 * The services an outcome can go to, the most likely competent first: the département's services for a
 * territorial transmission, the offices competent for the category, the host country's platform, and
 * Europol rather than Interpol for a host in the European Union. Empty when the outcome needs no service.
 */
export function candidateServices(services: readonly ServiceEntry[], input: SuggestionInput): ServiceEntry[] {
  const kinds = serviceKindsFor(input.outcome);
  if (!kinds) return [];
  const usable = services.filter((s) => s.active && kinds.includes(s.kind));
  const score = (s: ServiceEntry): number => {
    switch (s.kind) {
      case 'territorial_police':
      case 'territorial_gendarmerie':
        return s.departement !== null && s.departement === input.departement ? (s.kind === 'territorial_police' ? 3 : 2) : 0;
      case 'central_office':
        return s.categories.includes(input.category) ? 2 : s.categories.length === 0 ? 1 : 0;
      case 'foreign_platform':
        return s.country !== null && s.country === input.hostCountry ? 2 : 0;
      case 'interpol':
      case 'europol':
        // One channel per organisation, with units specialised by category (Europol's referral unit).
        return s.categories.includes(input.category) ? 2 : s.categories.length === 0 ? 1 : 0;
      default: {
        const never: never = s.kind;
        throw new Error(`unknown service kind ${String(never)}`);
      }
    }
  };
  return usable
    .map((s) => ({ s, n: score(s) }))
    .sort((a, b) => b.n - a.n || a.s.name.localeCompare(b.s.name, 'fr'))
    .map(({ s }) => s);
}

/** The one service to pre-select, or null when nothing known points to one (département, country, category). */
export function suggestService(services: readonly ServiceEntry[], input: SuggestionInput): ServiceEntry | null {
  const [first] = candidateServices(services, input);
  if (!first) return null;
  switch (first.kind) {
    case 'territorial_police':
    case 'territorial_gendarmerie':
      return first.departement === input.departement ? first : null;
    case 'central_office':
      return first.categories.includes(input.category) ? first : null;
    case 'foreign_platform':
      return first.country !== null && first.country === input.hostCountry ? first : null;
    case 'interpol':
    case 'europol':
      return first;
    default: {
      const never: never = first.kind;
      throw new Error(`unknown service kind ${String(never)}`);
    }
  }
}

/** The cooperation channel an abroad case should take, given the host country (Europol inside the EU). */
export function abroadChannel(hostCountry: string | null): 'interpol' | 'europol' | null {
  if (!hostCountry || hostCountry === 'FR') return null;
  return EU_COUNTRIES.has(hostCountry) ? 'europol' : 'interpol';
}
