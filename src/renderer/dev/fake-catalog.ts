import { BUILTIN_OFFENCES, foldText, type CatalogHit, type Handlers, type Offence } from '@shared';

type CatalogHandlers = Pick<Handlers, 'catalog.search' | 'catalog.favourites' | 'catalog.toggleFavourite'>;

/**
 * The catalog of the in-memory workstation: the built-in taxonomy plus the given entries, searched by
 * code, article text or label words (a plain substring match: ranking is the real store's business).
 */
export function createFakeCatalog(extra: readonly Offence[] = []): CatalogHandlers {
  const all = [...BUILTIN_OFFENCES, ...extra];
  const favourites = new Map<string, string[]>();
  const list = (category: string): Offence[] =>
    (favourites.get(category) ?? []).map((id) => all.find((o) => o.id === id)).filter((o): o is Offence => o !== undefined);
  return {
    'catalog.search': async ({ text, category, limit }) => {
      const q = foldText(text.trim());
      const hits: CatalogHit[] = all
        .filter((o) => (q === '' ? !category || o.category === category : (o.natinf ?? '').startsWith(q) || foldText(o.label).includes(q) || foldText(o.definedBy).includes(q)))
        .map((o) => ({ ...o, match: q === '' ? 'browse' : o.natinf?.startsWith(q) ? 'natinf' : 'words' }));
      hits.sort((a, b) => Number(b.category === category) - Number(a.category === category));
      return hits.slice(0, limit);
    },
    'catalog.favourites': async ({ category }) => list(category),
    'catalog.toggleFavourite': async ({ category, id }) => {
      const ids = favourites.get(category) ?? [];
      favourites.set(category, ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
      return list(category);
    },
  };
}
