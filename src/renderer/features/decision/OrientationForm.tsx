import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ADMINISTRATIVE_CATEGORIES,
  ADMINISTRATIVE_OUTCOMES,
  DEPARTEMENTS,
  ORIENTATION_OUTCOMES,
  URGENCIES,
  alwaysReviewed,
  candidateServices,
  departementOfPostcode,
  serviceKindsFor,
  suggestService,
  type Orientation,
  type OrientationInput,
  type OrientationOutcome,
  type Report,
  type ServiceEntry,
  type Urgency,
} from '@shared';
import { splitIds } from './ids';

export type OrientationFormProps = {
  report: Pick<Report, 'category' | 'reporter'>;
  orientation: Orientation | null;
  services: readonly ServiceEntry[];
  disabled: boolean;
  onSave(o: OrientationInput): void;
};

/**
 * Step 5: where the case goes. The competent service is suggested from the département (the reporter's
 * postcode, or typed) or the host's country; administrative measures are offered only for terrorism
 * and child sexual abuse.
 */
export function OrientationForm({ report, orientation, services, disabled, onSave }: OrientationFormProps) {
  const { t } = useTranslation();
  const adminAllowed = ADMINISTRATIVE_CATEGORIES.includes(report.category);
  const outcomes = ORIENTATION_OUTCOMES.filter((o) => adminAllowed || !ADMINISTRATIVE_OUTCOMES.includes(o));
  const [outcome, setOutcome] = useState<OrientationOutcome>(orientation?.outcome ?? 'territorial_service');
  const [departement, setDepartement] = useState(report.reporter?.postcode ? (departementOfPostcode(report.reporter.postcode) ?? '') : '');
  const [hostCountry, setHostCountry] = useState('');
  const [chosen, setChosen] = useState<string | null>(orientation?.serviceId ?? null);
  const [justification, setJustification] = useState(orientation?.justification ?? '');
  const [urgency, setUrgency] = useState<Urgency>(orientation?.urgency ?? 'normal');
  const [attachments, setAttachments] = useState((orientation?.attachments ?? []).join(', '));
  const [duplicateOf, setDuplicateOf] = useState(orientation?.duplicateOf ?? '');

  const input = { outcome, category: report.category, departement: departement || null, hostCountry: hostCountry.trim().toUpperCase() || null };
  // A few hundred entries: ranked again on each render, cheaper than keeping memo keys right.
  const candidates = candidateServices(services, input);
  const suggestion = suggestService(services, input);
  const needsService = serviceKindsFor(outcome) !== null;
  const serviceId = needsService ? (chosen && candidates.some((s) => s.id === chosen) ? chosen : (suggestion?.id ?? null)) : null;
  const save = (): void =>
    onSave({
      outcome, serviceId, justification: justification.trim(), urgency, attachments: splitIds(attachments),
      duplicateOf: outcome === 'close_duplicate' ? duplicateOf.trim() || null : null,
    });
  const ready = justification.trim().length >= 10 && (!needsService || serviceId !== null) && (outcome !== 'close_duplicate' || duplicateOf.trim() !== '');

  return (
    <fieldset className="decision-step" id="decision-orientation" disabled={disabled} data-testid="orientation-form">
      <legend>{t('workflow.orientation.title')}</legend>
      <label className="field">
        <span>{t('workflow.orientation.outcome')}</span>
        <select data-testid="orientation-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as OrientationOutcome)}>
          {outcomes.map((o) => (
            <option key={o} value={o}>{t(`workflow.orientation.outcomes.${o}`)}</option>
          ))}
        </select>
      </label>
      {!adminAllowed ? <p className="small muted">{t('workflow.orientation.adminOnly')}</p> : null}
      {alwaysReviewed(outcome) ? <p className="small warning" data-testid="orientation-reviewed">{t('workflow.orientation.alwaysReviewed')}</p> : null}
      {needsService ? (
        <>
          <div className="field-row">
            <label className="field">
              <span>{t('workflow.orientation.departement')}</span>
              <select data-testid="orientation-departement" value={departement} onChange={(e) => setDepartement(e.target.value)}>
                <option value="">{t('common.none')}</option>
                {DEPARTEMENTS.map(([code, name]) => (
                  <option key={code} value={code}>{`${code} — ${name}`}</option>
                ))}
              </select>
            </label>
            <label className="field narrow">
              <span>{t('workflow.orientation.hostCountry')}</span>
              <input data-testid="orientation-country" value={hostCountry} maxLength={2} onChange={(e) => setHostCountry(e.target.value)} />
            </label>
          </div>
          {services.length === 0 ? <p className="warning small">{t('workflow.orientation.directoryEmpty')}</p> : null}
          <p className="small" data-testid="orientation-suggestion">
            {suggestion ? t('workflow.orientation.suggested', { name: suggestion.name }) : t('workflow.orientation.noSuggestion')}
          </p>
          <label className="field">
            <span>{t('workflow.orientation.service')}</span>
            <select data-testid="orientation-service" value={serviceId ?? ''} onChange={(e) => setChosen(e.target.value || null)}>
              <option value="">{t('workflow.orientation.chooseService')}</option>
              {candidates.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
        </>
      ) : null}
      {outcome === 'close_duplicate' ? (
        <label className="field">
          <span>{t('workflow.orientation.duplicateOf')}</span>
          <input data-testid="orientation-duplicate" value={duplicateOf} maxLength={64} onChange={(e) => setDuplicateOf(e.target.value)} />
        </label>
      ) : null}
      <label className="field">
        <span>{t('workflow.orientation.justification')}</span>
        <textarea data-testid="orientation-justification" value={justification} maxLength={5000} onChange={(e) => setJustification(e.target.value)} />
      </label>
      <div className="field-row">
        <label className="field narrow">
          <span>{t('workflow.orientation.urgency')}</span>
          <select data-testid="orientation-urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
            {URGENCIES.map((u) => (
              <option key={u} value={u}>{t(`workflow.orientation.urgencies.${u}`)}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('workflow.orientation.attachments')}</span>
          <input value={attachments} onChange={(e) => setAttachments(e.target.value)} />
        </label>
      </div>
      <button type="button" className="btn" data-testid="orientation-save" disabled={!ready} title={ready ? undefined : t('screens.disabled.orientation')} onClick={save}>
        {t('workflow.orientation.save')}
      </button>
    </fieldset>
  );
}
