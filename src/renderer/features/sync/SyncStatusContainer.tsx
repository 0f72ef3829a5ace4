import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { SyncBar } from './SyncBar';
import { RejectionNotice } from './RejectionNotice';
import { RestoredNotice } from './RestoredNotice';

export function SyncStatusContainer() {
  const { t } = useTranslation();
  const store = useStores().sync;
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const rejections = useStore(store, (s) => s.rejections);
  useEffect(() => {
    void store.getState().load();
    void store.getState().loadRejections();
  }, [store]);
  return (
    <>
      <SyncBar status={status} callError={errorText(t, error)} onSyncNow={() => void store.getState().syncNow()} />
      <RestoredNotice restored={status?.serverRestored ?? null} onDismiss={() => void store.getState().dismissRestored()} />
      <RejectionNotice rejections={rejections} />
    </>
  );
}
