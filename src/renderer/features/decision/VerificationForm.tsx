import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VERIFICATION_OUTCOMES, type Verification, type VerificationOutcome } from '@shared';
import { splitIds } from './ids';

export type VerificationFormProps = {
  verification: Verification | null;
  disabled: boolean;
  onSave(outcome: VerificationOutcome, captureIds: string[], comment: string): void;
};

/** Step 1: is the content there, and which captures show it. */
export function VerificationForm({ verification, disabled, onSave }: VerificationFormProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<VerificationOutcome>(verification?.outcome ?? 'present');
  const [captures, setCaptures] = useState((verification?.captureIds ?? []).join(', '));
  const [comment, setComment] = useState(verification?.comment ?? '');
  return (
    <fieldset className="decision-step" disabled={disabled} data-testid="verification-form">
      <legend>{t('workflow.verification.title')}</legend>
      <div role="radiogroup" aria-label={t('workflow.verification.outcome')} className="choice-row">
        {VERIFICATION_OUTCOMES.map((o) => (
          <label key={o}>
            <input type="radio" name="verification-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {t(`workflow.verification.outcomes.${o}`)}
          </label>
        ))}
      </div>
      <label className="field">
        <span>{t('workflow.verification.captures')}</span>
        <input data-testid="verification-captures" value={captures} onChange={(e) => setCaptures(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('workflow.verification.comment')}</span>
        <input value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="button" data-testid="verification-save" onClick={() => onSave(outcome, splitIds(captures), comment.trim())}>
        {t('workflow.verification.save')}
      </button>
    </fieldset>
  );
}
