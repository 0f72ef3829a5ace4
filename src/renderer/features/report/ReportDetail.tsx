import { useTranslation } from 'react-i18next';
import type { Report } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { PriorityBadge } from '../queue/PriorityBadge';
import { UrlText } from '../queue/UrlText';
import { CopyButton } from './CopyButton';
import { ReportHistory } from './ReportHistory';
import { ReporterFields, Row, WorkFields } from './ReportFields';

/** Every field of a report. Addresses are text with a copy button, never links: they may be illegal. */
export function ReportDetail({ report, now }: { report: Report; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="report" aria-labelledby="report-title">
      <header className="report-head">
        <h2 id="report-title" className="mono" data-testid="report-reference" tabIndex={-1}>
          {report.reference}
        </h2>
        <span className={`status status-${report.status}`} data-testid="report-status" data-status={report.status}>
          {t(`status.${report.status}`)}
        </span>
      </header>
      <dl className="fields">
        <Row label={t('report.category')} testId="report-category">{t(`category.${report.category}`)}</Row>
        <Row label={t('report.source')}>{t(`source.${report.source}`)}</Row>
        <Row label={t('report.priority')}><PriorityBadge priority={report.priority} /></Row>
        <Row label={t('report.receivedAt')}>{formatDateTime(report.receivedAt, i18n.language)}</Row>
      </dl>
      <section aria-labelledby="report-urls-title">
        <h3 id="report-urls-title">{t('report.urls')} ({report.urls.length})</h3>
        <p className="warning small">{t('report.urlsWarning')}</p>
        <ul className="urls">
          {report.urls.map((u, i) => (
            <li key={`${i}-${u}`}>
              <code data-testid="report-url" className="selectable"><UrlText url={u} /></code>
              <CopyButton text={u} label={t('report.copyUrl')} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="report-description-title">
        <h3 id="report-description-title">{t('report.description')}</h3>
        <p className="description" data-testid="report-description">{report.description}</p>
      </section>
      <ReporterFields reporter={report.reporter} />
      <WorkFields report={report} now={now} />
      <ReportHistory events={report.events} />
    </article>
  );
}
