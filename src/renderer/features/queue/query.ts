import { OPEN_STATUSES, type Category, type QueueQuery, type ReportStatus, type Source } from '@shared';

export type QueueSort = 'priority' | 'oldest' | 'newest';
/** `open`: the statuses still waiting for work — the default view of an analyst. */
export type StatusFilter = 'open' | 'all' | ReportStatus;

export type QueueFilters = {
  category: Category | null;
  status: StatusFilter;
  source: Source | null;
  text: string;
  sort: QueueSort;
};

export const DEFAULT_FILTERS: QueueFilters = { category: null, status: 'open', source: null, text: '', sort: 'priority' };

/** Rows per `queue.page` call: large enough to fill a screen, small enough to answer in a few ms. */
export const PAGE_SIZE = 100;

export function toQuery(f: QueueFilters, page: number): QueueQuery {
  const text = f.text.trim();
  return {
    categories: f.category ? [f.category] : undefined,
    statuses: f.status === 'open' ? [...OPEN_STATUSES] : f.status === 'all' ? undefined : [f.status],
    sources: f.source ? [f.source] : undefined,
    text: text === '' ? undefined : text,
    sort: f.sort,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

export function pagesFor(start: number, end: number): number[] {
  const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
  const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}
