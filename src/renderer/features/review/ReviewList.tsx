import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, ORIENTATION_OUTCOMES, URGENCIES, type Category, type OrientationOutcome, type QueueRow, type Report, type Urgency } from '@shared';
import { isDecisionComplete } from '@shared/workflow/completeness';
import { formatDateTime, formatDuration } from '../../i18n/format';
import { useOfficerName } from '../../ui/officers';
import { PriorityBadge } from '../queue/PriorityBadge';
import type { ReviewStore } from './store';
import { arrangeProposals, proposedAt, REVIEW_SORTS, type ReviewSort } from './arrange';

/**
 * The proposals waiting for a supervisor: who proposed, the outcome in words, urgency and how long it
 * has waited; sorted and filtered here, j/k move through the list as shown.
 */
export function ReviewList({ review, now }: { review: ReviewStore; now: number }) {
  const { t } = useTranslation();
  const proposals = useStore(review, (s) => s.proposals);
  const details = useStore(review, (s) => s.details);
  const sort = useStore(review, (s) => s.sort);
  const filter = useStore(review, (s) => s.filter);
  const total = useStore(review, (s) => s.total);
  const selectedId = useStore(review, (s) => s.selectedId);
  const shown = useMemo(() => arrangeProposals(proposals, details, sort, filter), [proposals, details, sort, filter]);
  const set = review.getState().setFilter;
  return (
    <section className="queue review-list" aria-labelledby="review-title">
      <h2 id="review-title">{t('workflow.review.title')}</h2>
      <p className="small muted" data-testid="review-count">
        {shown.length === proposals.length ? t('screens.review.count', { count: total }) : t('screens.review.shown', { count: shown.length, total })}
      </p>
      <div className="review-tools" role="group" aria-label={t('screens.review.tools')}>
        <select aria-label={t('screens.review.sort')} value={sort} data-testid="review-sort" onChange={(e) => review.getState().setSort(e.target.value as ReviewSort)}>
          {REVIEW_SORTS.map((s) => <option key={s} value={s}>{t(`screens.review.sorts.${s}`)}</option>)}
        </select>
        <select aria-label={t('report.category')} value={filter.category ?? ''} data-testid="review-filter-category" onChange={(e) => set({ category: (e.target.value || null) as Category | null })}>
          <option value="">{t('queue.allCategories')}</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{t(`category.${c}`)}</option>)}
        </select>
        <select aria-label={t('workflow.review.urgency')} value={filter.urgency ?? ''} data-testid="review-filter-urgency" onChange={(e) => set({ urgency: (e.target.value || null) as Urgency | null })}>
          <option value="">{t('screens.review.allUrgencies')}</option>
          {URGENCIES.map((u) => <option key={u} value={u}>{t(`workflow.orientation.urgencies.${u}`)}</option>)}
        </select>
        <select aria-label={t('workflow.review.orientation')} value={filter.outcome ?? ''} data-testid="review-filter-outcome" onChange={(e) => set({ outcome: (e.target.value || null) as OrientationOutcome | null })}>
          <option value="">{t('screens.review.allOutcomes')}</option>
          {ORIENTATION_OUTCOMES.map((o) => <option key={o} value={o}>{t(`workflow.orientation.outcomes.${o}`)}</option>)}
        </select>
        <label className="small">
          <input type="checkbox" checked={filter.incompleteOnly} data-testid="review-filter-incomplete" onChange={(e) => set({ incompleteOnly: e.target.checked })} /> {t('screens.review.incompleteOnly')}
        </label>
      </div>
      {proposals.length === 0 ? <p className="muted" data-testid="review-empty">{t('workflow.review.empty')}</p> : null}
      {/* Focusable (it scrolls): arrows move like j/k, and the selected proposal is the active option. */}
      <ul className="review-items" role="listbox" aria-label={t('workflow.review.title')} tabIndex={0} data-testid="review-items"
        aria-activedescendant={selectedId && shown.some((p) => p.id === selectedId) ? `review-option-${selectedId}` : undefined}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          e.preventDefault();
          review.getState().move(e.key === 'ArrowDown' ? 1 : -1);
        }}>
        {shown.map((p) => (
          <ReviewItem key={p.id} row={p} detail={details[p.id]} selected={p.id === selectedId} now={now} onPick={() => void review.getState().select(p.id)} />
        ))}
      </ul>
    </section>
  );
}

type ItemProps = { row: QueueRow; detail: Report | undefined; selected: boolean; now: number; onPick(): void };

function ReviewItem({ row, detail, selected, now, onPick }: ItemProps) {
  const { t, i18n } = useTranslation();
  const name = useOfficerName();
  const d = detail?.decision;
  const o = d?.orientation;
  const since = proposedAt(row, detail);
  const waited = formatDuration(since, now, i18n.language);
  return (
    <li role="option" id={`review-option-${row.id}`} aria-selected={selected} className={selected ? 'review-item selected' : 'review-item'} data-testid="review-item" data-reference={row.reference} onClick={onPick}>
      <span className="line">
        <PriorityBadge priority={row.priority} /> <span className="mono">{row.reference}</span> · {t(`category.${row.category}`)}
      </span>
      <span className="wait" title={formatDateTime(since, i18n.language)} data-testid="review-item-wait">{waited ? t('screens.review.waiting', { age: waited }) : t('screens.review.justNow')}</span>
      <span className="line outcome" data-testid="review-item-outcome">
        {o ? t(`workflow.orientation.outcomes.${o.outcome}`) : detail ? <span className="incomplete">{t('screens.review.noOrientation')}</span> : t('common.loading')}
      </span>
      <span>{o ? <span className={`urgency urgency-${o.urgency}`} data-testid="review-item-urgency">{t(`workflow.orientation.urgencies.${o.urgency}`)}</span> : null}</span>
      <span className="line small muted" data-testid="review-item-by">
        {d?.proposal ? t('screens.review.by', { who: name(d.proposal.by) }) : ''}
        {detail && o && !isDecisionComplete(d) ? <span className="incomplete"> · {t('screens.review.incompleteShort')}</span> : null}
      </span>
    </li>
  );
}
