import { useTranslation } from 'react-i18next';
import { nextPreservationStatusAllowed, type Preservation, type PreservationStatus } from '@shared';

export type PreservationListProps = {
  preservations: readonly Preservation[];
  canUpdate: boolean;
  onStatus(requestId: string, status: Exclude<PreservationStatus, 'sent'>): void;
  onExport(requestId: string): void;
};

const ANSWERS: readonly Exclude<PreservationStatus, 'sent'>[] = ['acknowledged', 'refused', 'expired'];

/** The preservation requests of the report with their status, the host's answers and the PDF. */
export function PreservationList({ preservations, canUpdate, onStatus, onExport }: PreservationListProps) {
  const { t } = useTranslation();
  if (preservations.length === 0) return <p className="small muted">{t('conservation.none')}</p>;
  return (
    <ul className="preservations" data-testid="preservation-list">
      {preservations.map((p) => (
        <li key={p.requestId} data-testid="preservation-item">
          <strong>{p.host.name}</strong>
          {p.host.country ? ` (${p.host.country})` : ''} — {t(`conservation.channels.${p.channel}`)} — {t('conservation.days', { count: p.durationDays })} —{' '}
          <span className={`badge status-${p.status}`} data-testid="preservation-status">{t(`conservation.statuses.${p.status}`)}</span>
          <span className="small muted"> {t('conservation.by', { who: p.by, when: p.at })}</span>
          {p.note ? <div className="small">{p.note}</div> : null}
          <div className="row">
            <button type="button" onClick={() => onExport(p.requestId)}>{t('conservation.exportPdf')}</button>
            {canUpdate
              ? ANSWERS.filter((s) => nextPreservationStatusAllowed(p.status, s)).map((s) => (
                  <button key={s} type="button" data-testid={`preservation-${s}`} onClick={() => onStatus(p.requestId, s)}>
                    {t(`conservation.mark.${s}`)}
                  </button>
                ))
              : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
