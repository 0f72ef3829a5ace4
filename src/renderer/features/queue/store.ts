import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, QueueRow } from '@shared';
import { DEFAULT_FILTERS, PAGE_SIZE, pagesFor, toQuery, type QueueFilters } from './query';

export type QueueState = {
  filters: QueueFilters;
  /** What the search box shows; applied to `filters.text` after a short pause in typing. */
  searchInput: string;
  /** null until the first page answers. */
  total: number | null;
  /** Loaded pages by page number; rows of other pages are placeholders until they arrive. */
  pages: ReadonlyMap<number, readonly QueueRow[]>;
  selected: number;
  error: AppError | null;
  setFilters(patch: Partial<Omit<QueueFilters, 'text'>>): void;
  setSearch(text: string): void;
  /** Called by the list as its visible window moves. */
  ensureRange(start: number, end: number): void;
  select(index: number): void;
  move(delta: number): void;
  /** Re-reads the visible window (after a sync) without blanking it. */
  refresh(): void;
  reset(): void;
};
export type QueueStore = StoreApi<QueueState>;

export const SEARCH_DEBOUNCE_MS = 250;
/** Pages kept in memory; beyond, the farthest from the visible window are dropped. */
const MAX_PAGES = 30;

export function rowAt(state: Pick<QueueState, 'pages'>, index: number): QueueRow | undefined {
  return state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

export function createQueueStore(api: ApiClient): QueueStore {
  // Bumped whenever the filters change or a refresh starts: answers of an older generation are dropped.
  let generation = 0;
  let fresh = new Set<number>();
  const inFlight = new Set<string>();
  let range: [number, number] = [0, PAGE_SIZE - 1];
  let searchTimer: ReturnType<typeof setTimeout> | null = null;

  return createStore<QueueState>()((set, get) => {
    async function loadPage(page: number): Promise<void> {
      const key = `${generation}:${page}`;
      if (fresh.has(page) || inFlight.has(key)) return;
      inFlight.add(key);
      const gen = generation;
      const r = await api.invoke('queue.page', toQuery(get().filters, page));
      inFlight.delete(key);
      if (gen !== generation) return;
      if (!r.ok) return set({ error: r.error });
      fresh.add(page);
      const pages = new Map(get().pages);
      pages.set(page, r.value.rows);
      evict(pages, page);
      const total = r.value.total;
      set({ pages, total, error: null, selected: Math.max(0, Math.min(get().selected, total - 1)) });
    }

    function evict(pages: Map<number, readonly QueueRow[]>, keep: number): void {
      if (pages.size <= MAX_PAGES) return;
      const centre = Math.floor((range[0] + range[1]) / 2 / PAGE_SIZE);
      const far = [...pages.keys()].filter((p) => p !== keep).sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const p of far.slice(0, pages.size - MAX_PAGES)) {
        pages.delete(p);
        fresh.delete(p);
      }
    }

    function restart(blank: boolean): void {
      generation++;
      fresh = new Set();
      if (blank) set({ pages: new Map(), total: null, selected: 0 });
      for (const p of pagesFor(range[0], range[1])) void loadPage(p);
    }

    return {
      filters: DEFAULT_FILTERS,
      searchInput: '',
      total: null,
      pages: new Map(),
      selected: 0,
      error: null,
      setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
        range = [0, PAGE_SIZE - 1];
        restart(true);
      },
      setSearch(text) {
        set({ searchInput: text });
        if (searchTimer) clearTimeout(searchTimer);
        searchTimer = setTimeout(() => {
          searchTimer = null;
          if (get().filters.text === text) return;
          set({ filters: { ...get().filters, text } });
          range = [0, PAGE_SIZE - 1];
          restart(true);
        }, SEARCH_DEBOUNCE_MS);
      },
      ensureRange(start, end) {
        range = [start, end];
        for (const p of pagesFor(start, end)) void loadPage(p);
      },
      select(index) {
        const total = get().total ?? 0;
        set({ selected: Math.max(0, Math.min(index, total - 1)) });
      },
      move(delta) {
        get().select(get().selected + delta);
      },
      refresh: () => restart(false),
      reset() {
        if (searchTimer) clearTimeout(searchTimer);
        generation++;
        fresh = new Set();
        range = [0, PAGE_SIZE - 1];
        set({ filters: DEFAULT_FILTERS, searchInput: '', total: null, pages: new Map(), selected: 0, error: null });
      },
    };
  });
}
