import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { Alert } from '../../ui/Alert';
import { MIN_PASSPHRASE } from './store';
import { passphraseStrength } from './strength';

export type VaultCreateFormProps = { busy: boolean; error: string | null; onSubmit: (passphrase: string) => void };

export function VaultCreateForm({ busy, error, onSubmit }: VaultCreateFormProps) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const strength = passphraseStrength(passphrase);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE) return setLocal(t('vault.tooShort'));
    if (passphrase !== confirm) return setLocal(t('vault.mismatch'));
    setLocal(null);
    onSubmit(passphrase);
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="intro">{t('vault.createIntro')}</p>
      <Field label={t('vault.passphrase')} testId="vault-passphrase" type="password" value={passphrase} onChange={setPassphrase} autoComplete="new-password" autoFocus required disabled={busy} help={t('vault.strengthHint')} />
      <div className={`strength strength-${strength}`} aria-live="polite">
        <span className="strength-bar" aria-hidden="true" />
        {passphrase ? t('vault.strengthLabel', { level: t(`vault.strength.${strength}`) }) : null}
      </div>
      <Field label={t('vault.confirm')} testId="vault-passphrase-confirm" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" required disabled={busy} />
      <Alert testId="vault-error" message={local ?? error} />
      <button type="submit" className="primary" data-testid="vault-submit" disabled={busy}>
        {busy ? t('vault.working') : t('vault.create')}
      </button>
    </form>
  );
}
