import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DemoAccount } from '@shared';
import { Field } from '../../ui/Field';
import { Alert } from '../../ui/Alert';

export type LoginFormProps = {
  demoAccounts: readonly DemoAccount[];
  busy: boolean;
  error: string | null;
  onSubmit: (username: string, password: string) => void;
};

export function LoginForm({ demoAccounts, busy, error, onSubmit }: LoginFormProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    if (username && password) onSubmit(username, password);
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="intro">{t('login.intro')}</p>
      <Field label={t('login.username')} testId="login-username" value={username} onChange={setUsername} autoComplete="username" autoFocus required disabled={busy} />
      <Field label={t('login.password')} testId="login-password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required disabled={busy} />
      <Alert testId="login-error" message={error} />
      <button type="submit" className="primary" data-testid="login-submit" disabled={busy || !username || !password}>
        {busy ? t('login.working') : t('login.submit')}
      </button>
      {demoAccounts.length > 0 ? (
        <DemoAccounts
          accounts={demoAccounts}
          onPick={(a) => {
            setUsername(a.username);
            setPassword(a.password);
          }}
        />
      ) : null}
    </form>
  );
}

function DemoAccounts({ accounts, onPick }: { accounts: readonly DemoAccount[]; onPick: (a: DemoAccount) => void }) {
  const { t } = useTranslation();
  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">{t('login.demoTitle')}</h2>
      <p className="muted small">{t('login.demoHint')}</p>
      <ul>
        {accounts.map((a) => (
          <li key={a.username}>
            <button type="button" className="link-like" data-testid="login-demo-account" data-username={a.username} onClick={() => onPick(a)}>
              <span className="mono">{a.username}</span> — {t(`role.${a.role}`)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
