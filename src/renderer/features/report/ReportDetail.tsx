import { useTranslation } from 'react-i18next';
import type { Report } from '@shared';
import { UrlText } from '../queue/UrlText';
import { CopyButton } from './CopyButton';
import { ReportHistory } from './ReportHistory';
import { ReporterFields, WorkFields } from './ReportFields';

/**
 * The fields of a report below its identity (ReportIdentity keeps reference, status, priority and
 * category in view). Addresses are text with a copy button, never links: they may be illegal.
 */
export function ReportDetail({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <article className="report" aria-labelledby="report-title">
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
      <WorkFields report={report} />
      <ReportHistory events={report.events} />
    </article>
  );
}
