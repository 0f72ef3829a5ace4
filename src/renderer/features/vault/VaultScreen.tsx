import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { GatePanel } from '../../ui/GatePanel';
import { errorText } from '../../ui/errors';
import { VaultCreateForm } from './VaultCreateForm';
import { VaultUnlockForm } from './VaultUnlockForm';

/** Container: first run (create) or unlock, fed from the vault store. */
export function VaultScreen({ mode }: { mode: 'create' | 'unlock' }) {
  const { t } = useTranslation();
  const store = useStores().vault;
  const busy = useStore(store, (s) => s.busy);
  const error = useStore(store, (s) => s.error);
  const dataDir = useStore(store, (s) => s.status?.dataDir ?? '');
  const message = error?.kind === 'wrong_passphrase' ? t('vault.wrongPassphrase') : errorText(t, error);
  if (mode === 'create') {
    return (
      <GatePanel title={t('vault.createTitle')}>
        <VaultCreateForm busy={busy} error={message} onSubmit={(p) => void store.getState().create(p)} />
      </GatePanel>
    );
  }
  return (
    <GatePanel title={t('vault.unlockTitle')}>
      <VaultUnlockForm busy={busy} error={message} dataDir={dataDir} onSubmit={(p) => void store.getState().unlock(p)} />
    </GatePanel>
  );
}
