import { useTranslation } from 'react-i18next';
import { REPORT_ACTIONS, SOURCES, type ReportAction, type ReportEvent } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { humaniseCodes } from '../../i18n/humanise';
import { useOfficerName } from '../../ui/officers';

/** Events that record work on a report without changing its status (mutations of the sync). */
const WORK_EVENTS = ['note', 'verify', 'renew', 'arbitrate', 'qualify', 'orient', 'comment', 'preserve', 'preservation_status', 'capture'] as const;
type WorkEvent = (typeof WORK_EVENTS)[number];

function isAction(a: string): a is ReportAction | WorkEvent {
  return (REPORT_ACTIONS as readonly string[]).includes(a) || (WORK_EVENTS as readonly string[]).includes(a);
}

/** The audited events of a report, oldest first, as a vertical timeline. */
export function ReportHistory({ events }: { events: readonly ReportEvent[] }) {
  const { t, i18n } = useTranslation();
  const name = useOfficerName();
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="history" aria-labelledby="report-history-title">
      <h3 id="report-history-title">{t('report.history')}</h3>
      {sorted.length === 0 ? <p className="muted">{t('report.noEvents')}</p> : null}
      <ol className="timeline" data-testid="report-history">
        {sorted.map((e) => (
          <li key={e.id} data-testid="report-event">
            <time dateTime={e.at} className="mono small">{formatDateTime(e.at, i18n.language)}</time>
            <div>
              <strong>{isAction(e.action) ? t(`action.${e.action}`) : t('screens.history.otherAction')}</strong>{' '}
              <span className="muted">
                {e.fromStatus ? `${t(`status.${e.fromStatus}`)} → ` : ''}
                {t(`status.${e.toStatus}`)}
              </span>{' '}
              <span className="small">{t('report.by', { actor: (SOURCES as readonly string[]).includes(e.actor) ? t(`source.${e.actor}`) : name(e.actor) })}</span>
              {e.detail ? <p className="event-detail">{humaniseCodes(e.detail, t)}</p> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
