import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, CatalogHit, Category, Offence } from '@shared';

export type QualificationState = {
  /** The report's category: its offences and the officer's favourites for it come first. */
  category: Category | null;
  query: string;
  results: CatalogHit[];
  favourites: Offence[];
  /** Index of the highlighted option in the list shown (see pickerOptions). */
  highlighted: number;
  loading: boolean;
  error: AppError | null;
  /** Opens the picker for a report of this category: favourites and the category's offences. */
  open(category: Category): Promise<void>;
  /** Search as the officer types; a slower earlier answer never replaces a newer one. */
  search(text: string): Promise<void>;
  highlight(index: number): void;
  toggleFavourite(offenceId: string): Promise<void>;
};
export type QualificationStore = StoreApi<QualificationState>;

export const PICKER_LIMIT = 30;

/** What the list shows: the officer's favourites of the category first, then the other results. */
export function pickerOptions(s: Pick<QualificationState, 'query' | 'results' | 'favourites'>): Offence[] {
  const favIds = new Set(s.favourites.map((f) => f.id));
  const rest = s.results.filter((r) => !favIds.has(r.id));
  if (s.query.trim() === '') return [...s.favourites, ...rest];
  const matchingFavourites = s.results.filter((r) => favIds.has(r.id));
  return [...matchingFavourites, ...rest];
}

export function createQualificationStore(api: ApiClient): QualificationStore {
  return createStore<QualificationState>()((set, get) => {
    let latest = 0;
    const run = async (text: string): Promise<void> => {
      const ticket = ++latest;
      const category = get().category ?? undefined;
      set({ query: text, loading: true });
      const r = await api.invoke('catalog.search', { text, category, limit: PICKER_LIMIT });
      if (ticket !== latest) return;
      if (r.ok) set({ results: r.value, loading: false, error: null, highlighted: 0 });
      else set({ loading: false, error: r.error });
    };
    return {
      category: null,
      query: '',
      results: [],
      favourites: [],
      highlighted: 0,
      loading: false,
      error: null,
      async open(category) {
        set({ category, query: '', results: [], favourites: [], highlighted: 0, error: null });
        const [favourites] = await Promise.all([api.invoke('catalog.favourites', { category }), run('')]);
        if (get().category !== category) return;
        if (favourites.ok) set({ favourites: favourites.value });
        else set({ error: favourites.error });
      },
      search: (text) => run(text),
      highlight(index) {
        const count = pickerOptions(get()).length;
        set({ highlighted: count === 0 ? 0 : Math.max(0, Math.min(count - 1, index)) });
      },
      async toggleFavourite(offenceId) {
        const category = get().category;
        if (!category) return;
        const r = await api.invoke('catalog.toggleFavourite', { category, id: offenceId });
        if (get().category !== category) return;
        if (r.ok) set({ favourites: r.value, error: null });
        else set({ error: r.error });
      },
    };
  });
}
