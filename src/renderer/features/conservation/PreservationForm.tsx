import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESERVATION_CHANNELS, type PreservationChannel, type PreservationHost } from '@shared';

export type PreservationFormProps = {
  disabled: boolean;
  onRequest(channel: PreservationChannel, host: PreservationHost, durationDays: number): void;
};

/** A new data-preservation request: to a French host directly, to a foreign one through G8/H24. */
export function PreservationForm({ disabled, onRequest }: PreservationFormProps) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<PreservationChannel>('host_fr');
  const [name, setName] = useState('');
  const [country, setCountry] = useState('FR');
  const [contact, setContact] = useState('');
  const [days, setDays] = useState(90);
  const pick = (c: PreservationChannel): void => {
    setChannel(c);
    if (c === 'host_fr') setCountry('FR');
    else if (country === 'FR') setCountry('');
  };
  const code = country.trim().toUpperCase();
  const valid = name.trim().length >= 2 && (code === '' || /^[A-Z]{2}$/.test(code)) && days >= 1 && days <= 365;
  const submit = (): void => onRequest(channel, { name: name.trim(), country: code === '' ? null : code, contact: contact.trim() || null }, days);
  return (
    <fieldset className="decision-step" disabled={disabled} data-testid="preservation-form">
      <legend>{t('conservation.form.title')}</legend>
      <div role="radiogroup" aria-label={t('conservation.form.channel')} className="choice-row">
        {PRESERVATION_CHANNELS.map((c) => (
          <label key={c}>
            <input type="radio" name="preservation-channel" value={c} checked={channel === c} onChange={() => pick(c)} /> {t(`conservation.channels.${c}`)}
          </label>
        ))}
      </div>
      <label className="field">
        <span>{t('conservation.form.host')}</span>
        <input data-testid="preservation-host" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('conservation.form.country')}</span>
        <input data-testid="preservation-country" value={country} maxLength={2} onChange={(e) => setCountry(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('conservation.form.contact')}</span>
        <input value={contact} maxLength={300} onChange={(e) => setContact(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('conservation.form.days')}</span>
        <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </label>
      <button type="button" data-testid="preservation-submit" disabled={!valid} onClick={submit}>
        {t('conservation.form.submit')}
      </button>
    </fieldset>
  );
}
