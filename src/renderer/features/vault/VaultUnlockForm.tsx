import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { Alert } from '../../ui/Alert';

export type VaultUnlockFormProps = { busy: boolean; error: string | null; dataDir: string; onSubmit: (passphrase: string) => void };

export function VaultUnlockForm({ busy, error, dataDir, onSubmit }: VaultUnlockFormProps) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    if (passphrase) onSubmit(passphrase);
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="intro">{t('vault.unlockIntro')}</p>
      <Field label={t('vault.passphrase')} testId="vault-passphrase" type="password" value={passphrase} onChange={setPassphrase} autoComplete="current-password" autoFocus required disabled={busy} />
      <Alert testId="vault-error" message={error} />
      <button type="submit" className="primary" data-testid="vault-submit" disabled={busy || !passphrase}>
        {busy ? t('vault.working') : t('vault.unlock')}
      </button>
      <p className="muted small">{t('vault.dataDir', { dir: dataDir })}</p>
    </form>
  );
}
