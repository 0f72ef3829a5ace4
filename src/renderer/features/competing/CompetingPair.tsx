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

/** What a decision says, in words: its outcome and comment, or its text; other fields as they are. */
export function describeDecision(t: TFunction, side: DecisionSide): string {
  const args = (typeof side.args === 'object' && side.args !== null ? side.args : {}) as Record<string, unknown>;
  const { reportId: _r, baseVersion: _b, outcome, comment, text, ...rest } = args;
  const parts: string[] = [];
  if (typeof outcome === 'string') parts.push(t(`competing.outcome.${outcome}`, { defaultValue: outcome }));
  if (typeof text === 'string') parts.push(text);
  if (typeof comment === 'string') parts.push(comment);
  if (Object.keys(rest).length > 0) parts.push(JSON.stringify(rest));
  return parts.join(' — ');
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
          <dd>{t(`sync.change.${side.name}`, { defaultValue: side.name })}</dd>
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
        <button type="button" data-testid="competing-keep" disabled={!ready} onClick={() => onResolve('keep_applied', comment.trim())}>
          {t('competing.keep')}
        </button>
        <button type="button" data-testid="competing-adopt" disabled={!ready} onClick={() => onResolve('adopt_competing', comment.trim())}>
          {t('competing.adopt')}
        </button>
      </div>
      {error ? <p className="alert" role="alert" data-testid="competing-error">{t('competing.refused', { message: error })}</p> : null}
    </article>
  );
}
