import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { formatNumber } from '../../i18n/format';
import { useNow } from '../../ui/useNow';
import { QueueFilters } from './QueueFilters';
import { QueueHeader } from './QueueHeader';
import { QueueList } from './QueueList';
import { rowAt } from './store';
import { useQueueKeyboard } from './useQueueKeyboard';

/** Container of the queue: store ↔ filters, virtual list and keyboard. */
export function QueuePanel() {
  const { t, i18n } = useTranslation();
  const { queue, report } = useStores();
  const filters = useStore(queue, (s) => s.filters);
  const search = useStore(queue, (s) => s.searchInput);
  const total = useStore(queue, (s) => s.total);
  const pages = useStore(queue, (s) => s.pages);
  const selected = useStore(queue, (s) => s.selected);
  const error = useStore(queue, (s) => s.error);
  const now = useNow();
  const searchRef = useRef<HTMLInputElement | null>(null);
  const listRef = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (queue.getState().total === null) queue.getState().ensureRange(0, 0);
  }, [queue]);
  const onRange = useCallback((a: number, b: number) => queue.getState().ensureRange(a, b), [queue]);
  const onPick = useCallback(
    (index: number, id: string | null) => {
      queue.getState().select(index);
      if (id) void report.getState().open(id);
    },
    [queue, report],
  );
  useQueueKeyboard({ queue, report, searchRef, listRef });

  return (
    <section className="queue" data-testid="queue" aria-labelledby="queue-title">
      <div className="qtop">
        <h2 id="queue-title">{t('queue.title')}</h2>
        <span className="qtotal" data-testid="queue-total" aria-live="polite" data-total={total ?? ''}>
          {total === null ? t('common.loading') : t('queue.total', { count: total, formatted: formatNumber(total, i18n.language) })}
        </span>
      </div>
      <QueueFilters filters={filters} search={search} searchRef={searchRef} onSearch={(v) => queue.getState().setSearch(v)} onChange={(patch) => queue.getState().setFilters(patch)} />
      {error ? <p className="alert" role="alert">{t('queue.loadError', { message: errorText(t, error) })}</p> : null}
      {/* The grid takes the focus and points at the selected row (aria-activedescendant is valid on a grid, not on a rowgroup). */}
      <div className="qtable" role="grid" aria-readonly="true" ref={listRef} tabIndex={0} aria-rowcount={(total ?? 0) + 1} aria-labelledby="queue-title"
        aria-activedescendant={total ? `queue-row-${selected}` : undefined}>
        <QueueHeader />
        {total === 0 ? <p className="qempty">{t('queue.empty')}</p> : null}
        <QueueList total={total ?? 0} rowAt={(i) => rowAt({ pages }, i)} selected={selected} now={now} onRange={onRange} onPick={onPick} />
      </div>
      <p className="qhelp muted small">{t('queue.keyboardHelp')}</p>
    </section>
  );
}
