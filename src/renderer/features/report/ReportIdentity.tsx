import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { claimState, type Report, type Session } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { officerName } from '../../ui/officers';
import { PriorityBadge } from '../queue/PriorityBadge';

export type ReportIdentityProps = { report: Report; now: number; session: Session | undefined; children?: ReactNode };

/**
 * What the officer must never lose from sight while working a report: its reference, status,
 * priority, category and who holds it. Drawn above the scrolling columns, so it stays in view.
 */
export function ReportIdentity({ report, now, session, children }: ReportIdentityProps) {
  const { t, i18n } = useTranslation();
  return (
    <header className="report-sticky" data-testid="report-identity">
      <div className="report-id-line">
        <h2 id="report-title" className="mono" data-testid="report-reference" tabIndex={-1}>
          {report.reference}
        </h2>
        <span className={`status status-${report.status}`} data-testid="report-status" data-status={report.status}>
          {t(`status.${report.status}`)}
        </span>
        <PriorityBadge priority={report.priority} />
        <span data-testid="report-category">{t(`category.${report.category}`)}</span>
        <span className="meta">
          {t(`source.${report.source}`)} · {t('screens.identity.received', { when: formatDateTime(report.receivedAt, i18n.language) })}
        </span>
      </div>
      <div className="report-claim-line">
        <span className="claim-text" data-testid="report-claim-state">{claimText(t, report, now, session, i18n.language)}</span>
        {children}
      </div>
    </header>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

/** Who holds the report, until when, or that nobody does. */
export function claimText(t: T, report: Report, now: number, session: Session | undefined, lang: string): string {
  const state = claimState(report, now);
  switch (state.kind) {
    case 'live':
      return `${t('report.claimedBy', { who: officerName(state.holder, session) })} ${t('report.leaseUntil', { when: formatDateTime(state.until, lang) })}`;
    case 'expired':
      return `${t('report.claimedBy', { who: officerName(state.holder, session) })} — ${t('report.leaseExpired', { when: formatDateTime(state.since, lang) })}`;
    case 'none':
      return report.claimedBy ? t('report.claimedBy', { who: officerName(report.claimedBy, session) }) : t('report.notClaimed');
    default: {
      const never: never = state;
      return never;
    }
  }
}
