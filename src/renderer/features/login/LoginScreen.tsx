import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AppError } from '@shared';
import { useStores } from '../../app/stores';
import { GatePanel } from '../../ui/GatePanel';
import { errorText } from '../../ui/errors';
import { LoginForm } from './LoginForm';

function loginErrorText(t: TFunction, error: AppError | null): string | null {
  if (!error) return null;
  // The server's own words when it says more than "wrong password": how long to wait, a lock, a
  // disabled account or revoked device (its messages are French).
  if ((error.kind === 'rate_limited' || error.kind === 'unauthorized') && error.message.length > 0) return error.message;
  if (error.kind === 'unauthorized' || error.kind === 'forbidden') return t('login.error.unauthorized');
  if (error.kind === 'network' || error.kind === 'tls') return t('login.error.network');
  return errorText(t, error);
}

export function LoginScreen() {
  const { t } = useTranslation();
  const { session, enrolment, sync } = useStores();
  const busy = useStore(session, (s) => s.busy);
  const error = useStore(session, (s) => s.error);
  const demo = useStore(enrolment, (s) => s.settings?.demo?.accounts ?? null);
  const expired = useStore(session, (s) => s.expired);
  const reason = useStore(session, (s) => s.endedReason);
  const pending = useStore(sync, (s) => s.status?.pending ?? 0);
  return (
    <GatePanel title={t('login.title')}>
      {expired ? (
        <p className="notice" role="status" data-testid="login-expired" data-reason={reason ?? undefined}>
          {reason ? t(`login.signedOut.${reason}`) : t('login.expired')} {pending > 0 ? t('login.pendingKept', { count: pending }) : null}
        </p>
      ) : null}
      <LoginForm demoAccounts={demo ?? []} busy={busy} error={loginErrorText(t, error)} onSubmit={(u, p) => void session.getState().login(u, p)} />
    </GatePanel>
  );
}
