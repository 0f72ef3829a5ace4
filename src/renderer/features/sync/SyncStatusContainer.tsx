import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { SyncBar } from './SyncBar';

export function SyncStatusContainer() {
  const { t } = useTranslation();
  const store = useStores().sync;
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  useEffect(() => {
    void store.getState().load();
  }, [store]);
  return <SyncBar status={status} callError={errorText(t, error)} onSyncNow={() => void store.getState().syncNow()} />;
}
