import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CompetingDecision, CompetingResolution, DecisionSide } from '@shared';
import { formatDateTime } from '../../i18n/format';

export type CompetingPairProps = {
  decision: CompetingDecision;
  busy: boolean;
  error: string | null;
  onResolve: (resolution: CompetingResolution, comment: string) => void;
};

/** What a decision says, in words (every code through the catalogue; ids and versions left out). */
export function describeDecision(t: TFunction, side: DecisionSide): string {
  const a = (typeof side.args === 'object' && side.args !== null ? side.args : {}) as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const parts: string[] = [];
  const outcome = str(a.outcome);
  if (outcome) parts.push(t(`competing.outcome.${outcome}`, { defaultValue: t('screens.competing.unknown') }));
  parts.push(...qualificationWords(t, a.qualification), ...orientationWords(t, a.orientation));
  const screening = str(a.case);
  if (screening) parts.push(t(`workflow.screening.cases.${screening}`, { defaultValue: t('screens.competing.unknown') }));
  const status = str(a.status);
  if (status) parts.push(t(`conservation.statuses.${status}`, { defaultValue: t('screens.competing.unknown') }));
  const state = str(a.state);
  if (state) parts.push(t(`capture.state.${state}`, { defaultValue: t('screens.competing.unknown') }));
  for (const k of ['recipient', 'url', 'text', 'comment', 'note'] as const) {
    const v = str(a[k]);
    if (v) parts.push(v);
  }
  return parts.join(' — ');
}

function qualificationWords(t: TFunction, q: unknown): string[] {
  if (typeof q !== 'object' || q === null) return [];
  const { kind, offences, reason } = q as { kind?: string; offences?: { label?: string; natinf?: string | null }[]; reason?: string };
  if (kind === 'offences' && Array.isArray(offences)) return [offences.map((o) => (o.natinf ? `${o.label ?? ''} (NATINF ${o.natinf})` : (o.label ?? ''))).join(' ; ')];
  return [t(`workflow.qualification.kinds.${kind ?? ''}`, { defaultValue: t('screens.competing.unknown') }), ...(reason ? [reason] : [])];
}

function orientationWords(t: TFunction, o: unknown): string[] {
  if (typeof o !== 'object' || o === null) return [];
  const { outcome, urgency, justification } = o as { outcome?: string; urgency?: string; justification?: string };
  return [
    t(`workflow.orientation.outcomes.${outcome ?? ''}`, { defaultValue: t('screens.competing.unknown') }),
    t('screens.competing.urgency', { urgency: t(`workflow.orientation.urgencies.${urgency ?? ''}`, { defaultValue: t('screens.competing.unknown') }) }),
    ...(justification ? [justification] : []),
  ];
}

function Side({ title, side, testId }: { title: string; side: DecisionSide | null; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="competing-side" data-testid={testId} aria-label={title}>
      <h4>{title}</h4>
      {side ? (
        <dl className="fields">
          <dt>{t('competing.actor')}</dt>
          <dd data-testid={`${testId}-actor`}>{side.actor}</dd>
          <dt>{t('competing.change')}</dt>
          <dd>{t(`screens.mutation.${side.name}`, { defaultValue: t('sync.change.other') })}</dd>
          <dt>{t('competing.content')}</dt>
          <dd data-testid={`${testId}-content`}>{describeDecision(t, side) || t('common.none')}</dd>
          <dt>{t('competing.recordedAt')}</dt>
          <dd>{formatDateTime(side.recordedAt, i18n.language)}</dd>
          <dt>{t('competing.processedAt')}</dt>
          <dd>{formatDateTime(side.processedAt, i18n.language)}</dd>
        </dl>
      ) : (
        <p className="muted">{t('competing.outsideSync')}</p>
      )}
    </section>
  );
}

/** One competing decision next to the decision it ran into, with the arbitration (a comment is required). */
export function CompetingPair({ decision, busy, error, onResolve }: CompetingPairProps) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const commentId = useId();
  const ready = comment.trim().length > 0 && !busy;
  return (
    <article className="competing-pair" data-testid="competing-decision" data-id={decision.id} aria-labelledby={`${commentId}-title`}>
      <h3 id={`${commentId}-title`}>
        {t('competing.report', { reference: decision.reference })} <span className={`status status-${decision.reportStatus}`}>{t(`status.${decision.reportStatus}`)}</span>
      </h3>
      <div className="competing-sides">
        <Side title={t('competing.applied')} side={decision.applied} testId="competing-applied" />
        <Side title={t('competing.competing')} side={decision.competing} testId="competing-competing" />
      </div>
      <label htmlFor={commentId}>{t('competing.comment')}</label>
      <textarea id={commentId} data-testid="competing-comment" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div className="report-actions" role="group" aria-label={t('competing.arbitrate')}>
        <button type="button" className="btn" data-testid="competing-keep" disabled={!ready} onClick={() => onResolve('keep_applied', comment.trim())}>
          {t('competing.keep')}
        </button>
        <button type="button" className="btn" data-testid="competing-adopt" disabled={!ready} onClick={() => onResolve('adopt_competing', comment.trim())}>
          {t('competing.adopt')}
        </button>
      </div>
      {error ? <p className="alert" role="alert" data-testid="competing-error">{t('competing.refused', { message: error })}</p> : null}
    </article>
  );
}
