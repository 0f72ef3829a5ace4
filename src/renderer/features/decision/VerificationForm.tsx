import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VERIFICATION_OUTCOMES, type Verification, type VerificationOutcome } from '@shared';
import { CapturePicker, type CaptureChoice } from './CapturePicker';

export type VerificationFormProps = {
  verification: Verification | null;
  /** The report's captures, to link those that show the content. */
  captures: CaptureChoice[];
  disabled: boolean;
  onSave(outcome: VerificationOutcome, captureIds: string[], comment: string): void;
};

/** Step 1: is the content there, and which captures show it. */
export function VerificationForm({ verification, captures, disabled, onSave }: VerificationFormProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<VerificationOutcome>(verification?.outcome ?? 'present');
  const [linked, setLinked] = useState<string[]>(verification?.captureIds ?? []);
  const [comment, setComment] = useState(verification?.comment ?? '');
  const [acceptIncomplete, setAcceptIncomplete] = useState(false);
  const whyId = useId();
  // A failed or partial capture may not show the content: linking it as proof that the content is
  // there needs the officer's explicit confirmation (and the supervisor sees it flagged).
  const incomplete = outcome === 'present' ? captures.filter((c) => linked.includes(c.id) && (c.state === 'failed' || c.state === 'partial')) : [];
  const blocked = incomplete.length > 0 && !acceptIncomplete;
  return (
    <fieldset className="decision-step" id="decision-verification" disabled={disabled} data-testid="verification-form">
      <legend>{t('workflow.verification.title')}</legend>
      <div role="radiogroup" aria-label={t('workflow.verification.outcome')} className="choice-row">
        {VERIFICATION_OUTCOMES.map((o) => (
          <label key={o}>
            <input type="radio" name="verification-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {t(`workflow.verification.outcomes.${o}`)}
          </label>
        ))}
      </div>
      <div className="field">
        <span>{t('workflow.verification.captures')}</span>
        <CapturePicker choices={captures} selected={linked} onChange={setLinked} />
      </div>
      <label className="field">
        <span>{t('workflow.verification.comment')}</span>
        <input value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      </label>
      {incomplete.length > 0 ? (
        <div className="notice warning" data-testid="verification-incomplete">
          <p id={whyId}>{t('screens.verification.incompleteWarning', { count: incomplete.length })}</p>
          <label>
            <input type="checkbox" data-testid="verification-accept-incomplete" checked={acceptIncomplete} onChange={(e) => setAcceptIncomplete(e.target.checked)} />{' '}
            {t('screens.verification.incompleteConfirm')}
          </label>
        </div>
      ) : null}
      <button type="button" className="btn" data-testid="verification-save" disabled={blocked} aria-describedby={blocked ? whyId : undefined}
        title={blocked ? t('screens.verification.incompleteWarning', { count: incomplete.length }) : undefined}
        onClick={() => onSave(outcome, linked, comment.trim())}>
        {t('workflow.verification.save')}
      </button>
    </fieldset>
  );
}
