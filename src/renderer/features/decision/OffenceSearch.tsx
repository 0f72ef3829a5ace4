import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OffenceRefSchema, type OffenceRef } from '@shared';

/**
 * Adds an offence to the qualification until the legal catalog's picker is available: the officer types
 * the offence's label (with the article defining it) and its NATINF code when known; the entry is
 * checked against the shared OffenceRef schema before it is added.
 */
/** An id in the catalog's form (lowercase letters, digits, dashes) for an offence typed by hand. */
function slug(label: string): string {
  return label.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 70) || 'infraction';
}

export function OffenceSearch({ onAdd, disabled }: { onAdd(offence: OffenceRef): void; disabled: boolean }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [natinf, setNatinf] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = (): void => {
    const code = natinf.trim();
    const id = code ? `natinf-${code}` : `libre-${slug(label)}`;
    const parsed = OffenceRefSchema.safeParse({ id, natinf: code || null, label: label.trim() });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'invalide');
    setError(null);
    onAdd(parsed.data);
    setLabel('');
    setNatinf('');
  };
  return (
    <div className="offence-search" role="group" aria-label={t('workflow.qualification.search')}>
      <label className="field">
        <span>{t('workflow.qualification.label')}</span>
        <input data-testid="offence-label" value={label} disabled={disabled} maxLength={500} onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
      </label>
      <label className="field narrow">
        <span>{t('workflow.qualification.natinf')}</span>
        <input data-testid="offence-natinf" value={natinf} disabled={disabled} inputMode="numeric" maxLength={6} onChange={(e) => setNatinf(e.target.value)} />
      </label>
      <button type="button" data-testid="offence-add" disabled={disabled || label.trim().length === 0} onClick={add}>
        {t('workflow.qualification.add')}
      </button>
      {error ? <p className="alert small" role="alert">{error}</p> : null}
    </div>
  );
}
