import { useTranslation } from 'react-i18next';
import type { Decision, ServiceEntry } from '@shared';
import { missingDecisionSteps } from '@shared/workflow/completeness';
import { formatDateTime } from '../../i18n/format';
import { useOfficerName } from '../../ui/officers';
import { Row } from '../report/ReportFields';
import { offenceArticle } from './offences';

export type ProposalViewProps = {
  decision: Decision | undefined;
  services: readonly ServiceEntry[];
  /** Defining articles of NATINF offences, by code. */
  articles: Readonly<Record<string, string>>;
  /** State of each capture known for the report, by id (to flag a failed or partial one linked as proof). */
  captureStates: Readonly<Record<string, string>>;
};

/** The analyst's proposal as the supervisor reviews it: what is missing, the check, the offences, the orientation. */
export function ProposalView({ decision, services, articles, captureStates }: ProposalViewProps) {
  const { t, i18n } = useTranslation();
  const name = useOfficerName();
  const missing = missingDecisionSteps(decision);
  const { verification: v, qualification: q, orientation: o, proposal: p } = decision ?? { verification: null, qualification: null, orientation: null, proposal: null };
  const service = o?.serviceId ? (services.find((s) => s.id === o.serviceId)?.name ?? o.serviceId) : t('common.none');
  const weak = v ? v.captureIds.filter((id) => captureStates[id] === 'failed' || captureStates[id] === 'partial') : [];
  return (
    <section className="proposal" aria-labelledby="proposal-title" data-testid="proposal-view">
      <h3 id="proposal-title">{t('workflow.review.proposal')}</h3>
      {p ? <p className="small muted">{t('workflow.review.proposedBy', { who: name(p.by), when: formatDateTime(p.at, i18n.language) })}</p> : null}
      {missing.length > 0 ? (
        <p className="alert" data-testid="proposal-incomplete">
          {t('screens.review.incomplete', { count: missing.length, list: missing.map((s) => t(`screens.steps.missing.${s}`)).join(', ') })}
        </p>
      ) : null}
      <dl className="fields">
        <Row label={t('workflow.review.verification')} testId="proposal-verification">
          {v ? t('screens.review.verification', { outcome: t(`workflow.verification.outcomes.${v.outcome}`), count: v.captureIds.length }) : t('screens.review.notDone')}
          {weak.length > 0 ? <span className="incomplete" data-testid="proposal-weak-capture"> — {t('screens.review.weakCapture', { count: weak.length })}</span> : null}
        </Row>
        <Row label={t('workflow.review.qualification')} testId="proposal-qualification">
          {q === null ? (
            t('screens.review.notDone')
          ) : q.kind === 'offences' ? (
            <ul className="review-offences">
              {q.offences.map((x) => {
                const article = offenceArticle(x, articles);
                return (
                  <li key={x.id} data-testid="proposal-offence">
                    {x.label}
                    <span className="small muted">
                      {' — '}
                      {x.natinf ? t('screens.review.natinf', { code: x.natinf }) : t('catalog.noNatinf')}
                      {article ? ` · ${article}` : ''}
                    </span>
                  </li>
                );
              })}
            </ul>
          ) : (
            `${t(`workflow.qualification.kinds.${q.kind}`)} — ${q.reason}`
          )}
        </Row>
        <Row label={t('workflow.review.orientation')} testId="proposal-orientation">{o ? t(`workflow.orientation.outcomes.${o.outcome}`) : t('screens.review.notDone')}</Row>
        <Row label={t('workflow.review.service')} testId="proposal-service">{service}</Row>
        <Row label={t('workflow.review.urgency')}>{o ? t(`workflow.orientation.urgencies.${o.urgency}`) : t('common.none')}</Row>
        <Row label={t('workflow.review.justification')}>{o?.justification ?? t('common.none')}</Row>
      </dl>
    </section>
  );
}
