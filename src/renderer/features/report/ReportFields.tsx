import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report, Reporter } from '@shared';
import { formatDateTime } from '../../i18n/format';

export function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** Assignment, cluster and version (the claim is in the report's identity, always in view). */
export function WorkFields({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const none = t('common.none');
  return (
    <section aria-labelledby="report-work-title">
      <h3 id="report-work-title">{t('report.work')}</h3>
      <dl className="fields">
        <Row label={t('report.assignedTo')}>{report.assignedTo ?? none}</Row>
        <Row label={t('report.cluster')}>{report.clusterId ? <span className="mono">{report.clusterId}</span> : t('report.noCluster')}</Row>
        <Row label={t('report.externalRef')}>{report.externalRef ? <span className="mono">{report.externalRef}</span> : none}</Row>
        <Row label={t('report.version')}>{report.version}</Row>
        <Row label={t('report.updatedAt')}>{formatDateTime(report.updatedAt, i18n.language)}</Row>
      </dl>
    </section>
  );
}

export function ReporterFields({ reporter }: { reporter: Reporter | null }) {
  const { t } = useTranslation();
  const entries = reporter
    ? ([
        ['reporterName', reporter.name],
        ['reporterOrganisation', reporter.organisation],
        ['reporterEmail', reporter.email],
        ['reporterPhone', reporter.phone],
      ] as const).filter(([, v]) => !!v)
    : [];
  return (
    <section aria-labelledby="report-reporter-title">
      <h3 id="report-reporter-title">{t('report.reporter')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('report.noReporter')}</p>
      ) : (
        <dl className="fields" data-testid="report-reporter">
          {entries.map(([k, v]) => (
            <Row key={k} label={t(`report.${k}`)}>
              <span className="selectable">{v}</span>
            </Row>
          ))}
        </dl>
      )}
    </section>
  );
}
