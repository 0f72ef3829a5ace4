import { useTranslation } from 'react-i18next';
import type { Report } from '@shared';
import type { ReportClaimAction } from './store';

export type ClaimActionsProps = { report: Report; error: string | null; onAct: (action: ReportClaimAction) => void };

/**
 * Take the report from the queue, or give it back. The change is recorded on this workstation at once
 * (offline too) and sent by the sync; if the server refuses it (someone claimed it first), the report
 * comes back as the server has it and the sync strip says why.
 */
export function ClaimActions({ report, error, onAct }: ClaimActionsProps) {
  const { t } = useTranslation();
  const claimable = report.status === 'received' || report.status === 'in_progress';
  if (!claimable) return null;
  return (
    <div className="report-actions" role="group" aria-label={t('report.actions.label')}>
      {report.status === 'received' ? (
        <button type="button" className="band-button" data-testid="report-claim" onClick={() => onAct('claim')}>
          {t('report.actions.claim')}
        </button>
      ) : (
        <>
          <button type="button" className="band-button" data-testid="report-renew" onClick={() => onAct('claim')}>
            {t('report.actions.renew')}
          </button>
          <button type="button" className="band-button" data-testid="report-release" onClick={() => onAct('release')}>
            {t('report.actions.release')}
          </button>
        </>
      )}
      {error ? <p className="alert" role="alert" data-testid="report-action-error">{t('report.actions.refused', { message: error })}</p> : null}
    </div>
  );
}
