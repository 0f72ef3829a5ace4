import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, QueueRow, Report } from '@shared';
import { arrangeProposals, type ReviewFilter, type ReviewSort } from './arrange';

export type ReviewState = {
  /** The supervisor is on the review screen (instead of the queue). */
  active: boolean;
  proposals: readonly QueueRow[];
  total: number;
  /** Each proposal's report (who proposed, the outcome, the urgency), read after the list. */
  details: Readonly<Record<string, Report>>;
  /** Defining articles of the open proposal's NATINF offences, by code, read from the legal catalog. */
  articles: Readonly<Record<string, string>>;
  sort: ReviewSort;
  filter: ReviewFilter;
  setSort(sort: ReviewSort): void;
  setFilter(filter: Partial<ReviewFilter>): void;
  /** The proposals as shown: filtered and sorted (j/k move through these). */
  visible(): readonly QueueRow[];
  selectedId: string | null;
  report: Report | null;
  busy: boolean;
  error: AppError | null;
  setActive(active: boolean): void;
  /** Re-reads the proposals waiting for review (and the open one). */
  refresh(): Promise<void>;
  select(id: string): Promise<void>;
  /** Moves the selection in the list (next/previous). */
  move(delta: number): void;
  approve(comment: string): Promise<void>;
  returnToAnalyst(comment: string): Promise<void>;
  comment(text: string): Promise<void>;
  reset(): void;
};
export type ReviewStore = StoreApi<ReviewState>;

const PAGE = 200;
/** Reports read at once when the list is refreshed (the local store answers; this keeps the pipe short). */
const PARALLEL = 8;
const NO_FILTER: ReviewFilter = { category: null, urgency: null, outcome: null, incompleteOnly: false };

/** The supervisors' review queue: proposals waiting, oldest first, each shown against its report. */
export function createReviewStore(api: ApiClient): ReviewStore {
  return createStore<ReviewState>()((set, get) => {
    async function load(id: string): Promise<void> {
      const r = await api.invoke('report.get', { id });
      if (get().selectedId !== id) return;
      if (r.ok) set({ report: r.value, error: null });
      else set({ report: null, error: r.error });
      if (r.ok) await loadArticles(r.value);
    }
    async function loadArticles(report: Report): Promise<void> {
      const q = report.decision?.qualification;
      const codes = q?.kind === 'offences' ? q.offences.flatMap((o) => (o.natinf && !get().articles[o.natinf] ? [o.natinf] : [])) : [];
      for (const code of codes) {
        const hits = await api.invoke('catalog.search', { text: code, limit: 5 });
        const hit = hits.ok ? hits.value.find((h) => h.natinf === code) : undefined;
        if (hit?.definedBy) set({ articles: { ...get().articles, [code]: hit.definedBy } });
      }
    }
    async function record(method: 'report.approve' | 'report.return' | 'report.comment', input: { id: string; comment?: string; text?: string }): Promise<void> {
      set({ busy: true, error: null });
      const r =
        method === 'report.comment'
          ? await api.invoke(method, { id: input.id, text: input.text ?? '' })
          : method === 'report.return'
            ? await api.invoke(method, { id: input.id, comment: input.comment ?? '' })
            : await api.invoke(method, { id: input.id, ...(input.comment ? { comment: input.comment } : {}) });
      if (!r.ok) return set({ busy: false, error: r.error });
      set({ busy: false, report: r.value, details: { ...get().details, [r.value.id]: r.value } });
      // A reviewed proposal leaves the list; the next one is ready.
      if (method !== 'report.comment') await get().refresh();
    }
    return {
      active: false,
      proposals: [],
      total: 0,
      details: {},
      articles: {},
      sort: 'waiting',
      filter: NO_FILTER,
      setSort: (sort) => set({ sort }),
      setFilter: (filter) => set({ filter: { ...get().filter, ...filter } }),
      visible: () => arrangeProposals(get().proposals, get().details, get().sort, get().filter),
      selectedId: null,
      report: null,
      busy: false,
      error: null,
      setActive(active) {
        set({ active });
        if (active) void get().refresh();
      },
      async refresh() {
        const r = await api.invoke('queue.page', { statuses: ['decision_proposed'], sort: 'oldest', limit: PAGE });
        if (!r.ok) return set({ error: r.error });
        set({ proposals: r.value.rows, total: r.value.total });
        const id = get().selectedId;
        if (id) await load(id);
        await loadDetails(r.value.rows);
      },
      async select(id) {
        set({ selectedId: id, report: null, error: null });
        await load(id);
      },
      move(delta) {
        const { selectedId } = get();
        const proposals = get().visible();
        if (proposals.length === 0) return;
        const at = proposals.findIndex((p) => p.id === selectedId);
        const next = proposals[Math.max(0, Math.min(proposals.length - 1, at < 0 ? 0 : at + delta))];
        if (next) void get().select(next.id);
      },
      approve: (comment) => withSelected((id) => record('report.approve', { id, comment })),
      returnToAnalyst: (comment) => withSelected((id) => record('report.return', { id, comment })),
      comment: (text) => withSelected((id) => record('report.comment', { id, text })),
      reset: () => set({ active: false, proposals: [], total: 0, details: {}, sort: 'waiting', filter: NO_FILTER, selectedId: null, report: null, busy: false, error: null }),
    };
    async function loadDetails(rows: readonly QueueRow[]): Promise<void> {
      const details: Record<string, Report> = {};
      for (let i = 0; i < rows.length; i += PARALLEL) {
        const answers = await Promise.all(rows.slice(i, i + PARALLEL).map((row) => api.invoke('report.get', { id: row.id })));
        for (const a of answers) if (a.ok) details[a.value.id] = a.value;
      }
      set({ details });
    }
    function withSelected(fn: (id: string) => Promise<void>): Promise<void> {
      const id = get().selectedId;
      return id ? fn(id) : Promise.resolve();
    }
  });
}
