import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, OffenceRef, Qualification, QualificationInput } from '@shared';
import { OffencePickerContainer } from '../qualification';
import { OffenceSearch } from './OffenceSearch';

type Kind = QualificationInput['kind'];
const KINDS: readonly Kind[] = ['offences', 'no_offence', 'out_of_scope'];

export type QualificationFormProps = { qualification: Qualification | null; category: Category; disabled: boolean; onSave(q: QualificationInput): void };

/** Step 2: the offences (principle of legality), or no offence / out of scope with a reason. */
export function QualificationForm({ qualification, category, disabled, onSave }: QualificationFormProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>(qualification?.kind ?? 'offences');
  const [offences, setOffences] = useState<OffenceRef[]>(qualification?.kind === 'offences' ? qualification.offences : []);
  const [reason, setReason] = useState(qualification && qualification.kind !== 'offences' ? qualification.reason : '');
  const save = (): void => onSave(kind === 'offences' ? { kind, offences } : { kind, reason: reason.trim() });
  const ready = kind === 'offences' ? offences.length > 0 : reason.trim().length >= 3;
  return (
    <fieldset className="decision-step" id="decision-qualification" disabled={disabled} data-testid="qualification-form">
      <legend>{t('workflow.qualification.title')}</legend>
      <label className="field">
        <span>{t('workflow.qualification.kind')}</span>
        <select data-testid="qualification-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>{t(`workflow.qualification.kinds.${k}`)}</option>
          ))}
        </select>
      </label>
      {kind === 'offences' ? (
        <>
          {/* The legal catalog (built-in taxonomy and NATINF): search by code, article or words, favourites of the category first. */}
          <div data-testid="qualification-offences">
            <OffencePickerContainer category={category} value={offences} onChange={setOffences} />
          </div>
          {/* An offence the catalog does not list yet: typed with the article that defines it. */}
          <OffenceSearch disabled={disabled} onAdd={(o) => setOffences((cur) => (cur.some((x) => x.id === o.id) ? cur : [...cur, o]))} />
        </>
      ) : (
        <label className="field">
          <span>{t('workflow.qualification.reason')}</span>
          <textarea data-testid="qualification-reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      <button type="button" className="btn" data-testid="qualification-save" disabled={!ready} title={ready ? undefined : t('screens.disabled.qualification')} onClick={save}>
        {t('workflow.qualification.save')}
      </button>
    </fieldset>
  );
}
