import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from './stores';
import { deriveScreen, type Screen } from './flow';
import { MainLayout } from './MainLayout';
import { VaultScreen } from '../features/vault/VaultScreen';
import { EnrolmentScreen } from '../features/enrolment/EnrolmentScreen';
import { LoginScreen } from '../features/login/LoginScreen';
import { errorText } from '../ui/errors';

/** Loads what the current step needs, then shows the screen of that step. */
export function App() {
  const { vault, enrolment, session } = useStores();
  const vaultStatus = useStore(vault, (s) => s.status);
  const settings = useStore(enrolment, (s) => s.settings);
  const current = useStore(session, (s) => s.session);
  const unlocked = vaultStatus?.state === 'unlocked';
  const enrolled = !!settings?.enrolled;

  useEffect(() => {
    void vault.getState().load();
  }, [vault]);
  useEffect(() => {
    if (unlocked && !settings) void enrolment.getState().load();
  }, [unlocked, settings, enrolment]);
  useEffect(() => {
    if (unlocked && enrolled && current === undefined) void session.getState().load();
  }, [unlocked, enrolled, current, session]);

  const screen = deriveScreen({ vault: vaultStatus, settings, session: current });
  return <ScreenView screen={screen} />;
}

function ScreenView({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'loading':
      return <Loading />;
    case 'vault-create':
      return <VaultScreen mode="create" />;
    case 'vault-unlock':
      return <VaultScreen mode="unlock" />;
    case 'enrolment':
      return <EnrolmentScreen />;
    case 'login':
      return <LoginScreen />;
    case 'main':
      return <MainLayout />;
    default: {
      const never: never = screen;
      return never;
    }
  }
}

/** Loading, or the reason it is stuck (the workstation did not answer), with a retry. */
function Loading() {
  const { t } = useTranslation();
  const { vault, enrolment, session } = useStores();
  const vaultError = useStore(vault, (s) => (s.status ? null : s.error));
  const settingsError = useStore(enrolment, (s) => s.error);
  const sessionError = useStore(session, (s) => s.error);
  const error = vaultError ?? settingsError ?? sessionError;
  function retry() {
    if (!vault.getState().status) void vault.getState().load();
    else if (!enrolment.getState().settings) void enrolment.getState().load();
    else void session.getState().load();
  }
  return (
    <div className="loading" role="status" aria-live="polite">
      <p>{t('app.loading')}</p>
      {error ? (
        <>
          <p className="alert" role="alert">
            {errorText(t, error)}
          </p>
          <button type="button" onClick={retry}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
    </div>
  );
}
