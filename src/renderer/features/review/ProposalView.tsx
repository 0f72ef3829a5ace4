import { useTranslation } from 'react-i18next';
import type { Decision, ServiceEntry } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { Row } from '../report/ReportFields';

export type ProposalViewProps = { decision: Decision | undefined; services: readonly ServiceEntry[] };

/** The analyst's proposal as the supervisor reviews it: check, qualification, orientation, author. */
export function ProposalView({ decision, services }: ProposalViewProps) {
  const { t, i18n } = useTranslation();
  if (!decision) return null;
  const { verification: v, qualification: q, orientation: o, proposal: p } = decision;
  const service = o?.serviceId ? (services.find((s) => s.id === o.serviceId)?.name ?? o.serviceId) : t('common.none');
  const qualification =
    q === null ? t('common.none') : q.kind === 'offences' ? q.offences.map((x) => (x.natinf ? `NATINF ${x.natinf} — ${x.label}` : x.label)).join(' ; ') : `${t(`workflow.qualification.kinds.${q.kind}`)} — ${q.reason}`;
  return (
    <section className="proposal" aria-labelledby="proposal-title" data-testid="proposal-view">
      <h3 id="proposal-title">{t('workflow.review.proposal')}</h3>
      {p ? <p className="small muted">{t('workflow.review.proposedBy', { who: p.by, when: formatDateTime(p.at, i18n.language) })}</p> : null}
      <dl className="fields">
        <Row label={t('workflow.review.verification')}>
          {v ? `${t(`workflow.verification.outcomes.${v.outcome}`)}${v.captureIds.length ? ` (${v.captureIds.join(', ')})` : ''}` : t('common.none')}
        </Row>
        <Row label={t('workflow.review.qualification')} testId="proposal-qualification">{qualification}</Row>
        <Row label={t('workflow.review.orientation')} testId="proposal-orientation">{o ? t(`workflow.orientation.outcomes.${o.outcome}`) : t('common.none')}</Row>
        <Row label={t('workflow.review.service')} testId="proposal-service">{service}</Row>
        <Row label={t('workflow.review.urgency')}>{o ? t(`workflow.orientation.urgencies.${o.urgency}`) : t('common.none')}</Row>
        <Row label={t('workflow.review.justification')}>{o?.justification ?? t('common.none')}</Row>
      </dl>
    </section>
  );
}
