import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { claimState, type QueueRow } from '@shared';
import type { TFunction } from 'i18next';
import { formatAge, formatDateTime, formatTime } from '../../i18n/format';
import { PriorityBadge } from './PriorityBadge';
import { UrlText } from './UrlText';

export type QueueRowViewProps = {
  row: QueueRow | undefined;
  index: number;
  selected: boolean;
  now: number;
  top: number;
  height: number;
  onPick: (index: number, id: string | null) => void;
};

/** One line of the queue; a placeholder while its page is loading. Memoised: hundreds per scroll. */
export const QueueRowView = memo(function QueueRowView({ row, index, selected, now, top, height, onPick }: QueueRowViewProps) {
  const { t, i18n } = useTranslation();
  const style = { transform: `translateY(${top}px)`, height };
  if (!row) {
    return (
      <div role="row" aria-rowindex={index + 2} className="qrow placeholder" style={style} data-testid="queue-row-placeholder">
        <span role="cell" className="muted">
          {t('queue.loadingRow')}
        </span>
      </div>
    );
  }
  const age = formatAge(row.receivedAt, now, i18n.language) ?? t('time.justNow');
  return (
    <div role="row" aria-rowindex={index + 2} aria-selected={selected} id={`queue-row-${index}`} className={selected ? 'qrow selected' : 'qrow'} style={style} data-testid="queue-row" data-reference={row.reference} data-id={row.id} onClick={() => onPick(index, row.id)}>
      <span role="cell"><PriorityBadge priority={row.priority} /></span>
      <span role="cell" className="mono">{row.reference}</span>
      <span role="cell" className="ellipsis">{t(`category.${row.category}`)}</span>
      <span role="cell" className="ellipsis">{t(`source.${row.source}`)}</span>
      <span role="cell"><span className={`status status-${row.status}`}>{t(`status.${row.status}`)}</span></span>
      <span role="cell" title={formatDateTime(row.receivedAt, i18n.language)}>{age}</span>
      <span role="cell" className="ellipsis url-cell" title={row.firstUrl}>
        <UrlText url={row.firstUrl} />
        {row.urlCount > 1 ? <span className="more">{t('queue.moreUrls', { count: row.urlCount - 1 })}</span> : null}
      </span>
      <ClaimCell row={row} now={now} t={t} lang={i18n.language} />
    </div>
  );
});

/** Who holds the report and until when; a lease that ran out says the report can be taken again. */
function ClaimCell({ row, now, t, lang }: { row: QueueRow; now: number; t: TFunction; lang: string }) {
  const claim = claimState(row, now);
  switch (claim.kind) {
    case 'none':
      return <span role="cell" className="ellipsis">{row.claimedBy ?? t('common.none')}</span>;
    case 'live':
      return (
        <span role="cell" className="ellipsis" data-testid="queue-claim" data-claim="live" title={formatDateTime(claim.until, lang)}>
          {t('queue.claimUntil', { who: claim.holder, when: formatTime(claim.until, lang) })}
        </span>
      );
    case 'expired':
      return (
        <span role="cell" className="ellipsis claim-expired" data-testid="queue-claim" data-claim="expired">
          {t('queue.claimExpired', { who: claim.holder })}
        </span>
      );
    default: {
      const never: never = claim;
      return never;
    }
  }
}
