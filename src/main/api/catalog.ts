import type { Handlers } from '@shared/api/router';
import type { Session } from '@shared/api/contract';
import { KindedError } from '@shared/result';
import type { LocalDb } from '../db';

type CatalogHandlers = Pick<Handlers, 'catalog.search' | 'catalog.favourites' | 'catalog.toggleFavourite'>;

export type CatalogDeps = { requireDb(): LocalDb; session(): Promise<Session> };

/** The legal catalog as the qualification picker uses it: local search (offline too) and the officer's favourites. */
export function catalogHandlers(deps: CatalogDeps): CatalogHandlers {
  const officer = async (): Promise<string> => {
    const session = await deps.session();
    if (!session) throw new KindedError('unauthorized', 'Connectez-vous pour gérer vos infractions favorites.');
    return session.user.id;
  };
  return {
    'catalog.search': async (q) => deps.requireDb().catalog.search(q),
    'catalog.favourites': async ({ category }) => deps.requireDb().catalog.favourites(await officer(), category),
    'catalog.toggleFavourite': async ({ category, id }) => {
      const list = deps.requireDb().catalog.toggleFavourite(await officer(), category, id);
      if (list === null) throw new KindedError('not_found', 'Infraction inconnue du catalogue de ce poste (pas encore synchronisée ?).');
      return list;
    },
  };
}
