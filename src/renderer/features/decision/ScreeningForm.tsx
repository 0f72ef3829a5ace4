import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SCREENING_CASES, SCREENING_REDIRECTIONS, type ScreeningCase } from '@shared';

export type ScreeningFormProps = { disabled: boolean; onClose(c: ScreeningCase, note: string): void };

/**
 * The three cases PHAROS does not handle (private correspondence, a victim's complaint, an emergency):
 * the officer sees the standard redirection that will be recorded, and closes the report with it.
 */
export function ScreeningForm({ disabled, onClose }: ScreeningFormProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<ScreeningCase | null>(null);
  const [note, setNote] = useState('');
  // A closure takes effect without review: asked twice, in the page (no browser dialog).
  const [confirming, setConfirming] = useState(false);
  return (
    <fieldset className="decision-step screening" disabled={disabled} data-testid="screening-form">
      <legend>{t('workflow.screening.title')}</legend>
      <p className="small muted">{t('workflow.screening.intro')}</p>
      <div role="radiogroup" aria-label={t('workflow.screening.title')} className="choice-column">
        {SCREENING_CASES.map((c) => (
          <label key={c}>
            <input type="radio" name="screening-case" value={c} checked={chosen === c} onChange={() => { setChosen(c); setConfirming(false); }} /> {t(`workflow.screening.cases.${c}`)}
          </label>
        ))}
      </div>
      {chosen ? (
        <>
          <blockquote className="redirection" data-testid="screening-redirection">{SCREENING_REDIRECTIONS[chosen]}</blockquote>
          <label className="field">
            <span>{t('workflow.screening.note')}</span>
            <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          {confirming ? (
            <p role="alert" className="warning">
              {t('workflow.screening.confirm')}{' '}
              <button type="button" data-testid="screening-confirm" onClick={() => onClose(chosen, note.trim())}>{t('workflow.screening.close')}</button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>{t('common.close')}</button>
            </p>
          ) : (
            <button type="button" data-testid="screening-close" onClick={() => setConfirming(true)}>
              {t('workflow.screening.close')}
            </button>
          )}
        </>
      ) : null}
    </fieldset>
  );
}
