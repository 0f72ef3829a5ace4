import { useTranslation } from 'react-i18next';
import type { Report } from '@shared';
import { formatDateTime } from '../../i18n/format';

export type ProposalStatusProps = { report: Report; canResume: boolean; onResume(): void };

/** Where the decision stands: waiting for review, returned (with why), decided, or closed as out of scope. */
export function ProposalStatus({ report, canResume, onResume }: ProposalStatusProps) {
  const { t, i18n } = useTranslation();
  const d = report.decision;
  const when = (at: string) => formatDateTime(at, i18n.language);
  switch (report.status) {
    case 'decision_proposed':
      return d?.proposal ? <p className="notice" data-testid="proposal-status">{t('workflow.proposal.pending', { who: d.proposal.by, when: when(d.proposal.at) })}</p> : null;
    case 'returned':
      return (
        <div className="notice warning" data-testid="proposal-status">
          <p>{t('workflow.proposal.returned', { who: d?.review?.by ?? '', comment: d?.review?.comment ?? '' })}</p>
          {canResume ? (
            <button type="button" data-testid="proposal-resume" onClick={onResume}>{t('workflow.proposal.resume')}</button>
          ) : null}
        </div>
      );
    case 'decided':
    case 'transmitted':
      if (d?.screening) return <p className="notice" data-testid="proposal-status">{t('workflow.screening.done', { text: d.screening.redirection })}</p>;
      return d?.review ? <p className="notice" data-testid="proposal-status">{t('workflow.proposal.decided', { who: d.review.by, when: when(d.review.at) })}</p> : null;
    case 'received':
    case 'in_progress':
      return null;
    default: {
      const never: never = report.status;
      return never;
    }
  }
}
