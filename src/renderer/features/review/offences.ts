import { BUILTIN_OFFENCES, type OffenceRef } from '@shared';

const BUILTIN = new Map(BUILTIN_OFFENCES.map((o) => [o.id, o.definedBy]));

/**
 * The text that defines an offence of a qualification: from the built-in taxonomy, or from the legal
 * catalog for an imported NATINF row (read by the review store), or null when neither knows it.
 */
export function offenceArticle(o: OffenceRef, natinfArticles: Readonly<Record<string, string>>): string | null {
  return BUILTIN.get(o.id) ?? (o.natinf ? natinfArticles[o.natinf] : undefined) ?? null;
}
