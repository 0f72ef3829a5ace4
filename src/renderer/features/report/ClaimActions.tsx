import { useTranslation } from 'react-i18next';
import { claimState, type Report } from '@shared';
import { formatDateTime } from '../../i18n/format';
import type { ReportClaimAction } from './store';

export type ClaimActionsProps = { report: Report; username: string | null; now: number; error: string | null; onAct: (action: ReportClaimAction) => void; nameOf?: (username: string) => string };

/**
 * Take the report from the queue, extend or give back one's own claim, or take back a report whose
 * lease ran out. The change is recorded on this workstation at once (offline too) and sent by the sync;
 * if the server refuses it (someone claimed it first), the report comes back as the server has it and
 * the sync strip says why. While the report is open, the claim is also extended automatically.
 */
export function ClaimActions({ report, username, now, error, onAct, nameOf = (u) => u }: ClaimActionsProps) {
  const { t, i18n } = useTranslation();
  const claim = claimState(report, now);
  const free = report.status === 'received';
  const mine = claim.kind === 'live' && claim.holder === username;
  if (!free && claim.kind === 'none') return null;
  return (
    <div className="report-actions" role="group" aria-label={t('report.actions.label')}>
      {free ? (
        <button type="button" className="btn btn-primary" data-testid="report-claim" aria-keyshortcuts="c" onClick={() => onAct('claim')}>
          {t('report.actions.claim')}
        </button>
      ) : null}
      {claim.kind === 'expired' ? (
        <button type="button" className="btn btn-primary" data-testid="report-reclaim" onClick={() => onAct('claim')}>
          {t('report.actions.reclaim')}
        </button>
      ) : null}
      {mine ? (
        <>
          <button type="button" className="btn btn-sm" data-testid="report-renew" onClick={() => onAct('claim')}>
            {t('report.actions.renew')}
          </button>
          <button type="button" className="btn btn-sm btn-danger" data-testid="report-release" onClick={() => onAct('release')}>
            {t('report.actions.release')}
          </button>
        </>
      ) : null}
      {claim.kind === 'live' && !mine ? (
        <p className="muted small" data-testid="report-held-by">
          {t('report.actions.heldBy', { who: nameOf(claim.holder), when: formatDateTime(claim.until, i18n.language) })}
        </p>
      ) : null}
      {error ? <p className="alert" role="alert" data-testid="report-action-error">{t('report.actions.refused', { message: error })}</p> : null}
    </div>
  );
}
