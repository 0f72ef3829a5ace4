import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, QUEUE_SORTS, REPORT_STATUSES, SOURCES, type Category, type Source } from '@shared';
import type { QueueFilters as Filters, QueueSort, StatusFilter } from './query';

export type QueueFiltersProps = {
  filters: Filters;
  search: string;
  searchRef?: Ref<HTMLInputElement>;
  onSearch: (text: string) => void;
  onChange: (patch: Partial<Omit<Filters, 'text'>>) => void;
};

function isCategory(v: string): v is Category {
  return (CATEGORIES as readonly string[]).includes(v);
}
function isSource(v: string): v is Source {
  return (SOURCES as readonly string[]).includes(v);
}
function isStatusFilter(v: string): v is StatusFilter {
  return v === 'open' || v === 'all' || (REPORT_STATUSES as readonly string[]).includes(v);
}
function isSort(v: string): v is QueueSort {
  return (QUEUE_SORTS as readonly string[]).includes(v);
}

/** Selects rather than chips: compact in a dense bar, and fully usable from the keyboard. */
export function QueueFilters({ filters, search, searchRef, onSearch, onChange }: QueueFiltersProps) {
  const { t } = useTranslation();
  return (
    <div className="qfilters" role="search">
      <label className="sr-only" htmlFor="queue-search">{t('queue.search')}</label>
      <input id="queue-search" ref={searchRef} type="search" data-testid="queue-search" placeholder={t('queue.searchPlaceholder')} value={search} onChange={(e) => onSearch(e.target.value)} autoComplete="off" spellCheck={false} />
      <label className="inline">
        <span className="sr-only">{t('queue.filterCategory')}</span>
        <select data-testid="queue-filter-category" value={filters.category ?? ''} onChange={(e) => onChange({ category: isCategory(e.target.value) ? e.target.value : null })}>
          <option value="">{t('queue.allCategories')}</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{t(`category.${c}`)}</option>)}
        </select>
      </label>
      <label className="inline">
        <span className="sr-only">{t('queue.filterStatus')}</span>
        <select data-testid="queue-filter-status" value={filters.status} onChange={(e) => isStatusFilter(e.target.value) && onChange({ status: e.target.value })}>
          <option value="open">{t('queue.openStatuses')}</option>
          <option value="all">{t('queue.allStatuses')}</option>
          {REPORT_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </select>
      </label>
      <label className="inline">
        <span className="sr-only">{t('queue.filterSource')}</span>
        <select data-testid="queue-filter-source" value={filters.source ?? ''} onChange={(e) => onChange({ source: isSource(e.target.value) ? e.target.value : null })}>
          <option value="">{t('queue.allSources')}</option>
          {SOURCES.map((s) => <option key={s} value={s}>{t(`source.${s}`)}</option>)}
        </select>
      </label>
      <label className="inline">
        <span className="sr-only">{t('queue.sort')}</span>
        <select data-testid="queue-sort" value={filters.sort} onChange={(e) => isSort(e.target.value) && onChange({ sort: e.target.value })}>
          <option value="priority">{t('queue.sortPriority')}</option>
          <option value="oldest">{t('queue.sortOldest')}</option>
          <option value="newest">{t('queue.sortNewest')}</option>
        </select>
      </label>
    </div>
  );
}
