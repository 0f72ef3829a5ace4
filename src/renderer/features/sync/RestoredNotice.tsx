import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '@shared';
import { formatDateTime } from '../../i18n/format';

export type RestoredNoticeProps = { restored: SyncStatus['serverRestored']; onDismiss: () => void };

/**
 * The server had lost changes it had confirmed (restored from an older backup): this workstation sent
 * them again. The officer is told, since colleagues may have seen an older state meanwhile.
 */
export function RestoredNotice({ restored, onDismiss }: RestoredNoticeProps) {
  const { t, i18n } = useTranslation();
  if (!restored) return null;
  return (
    <div className="notice sync-restored" role="status" data-testid="sync-restored">
      <span>{t('sync.serverRestored', { count: restored.resent, when: formatDateTime(restored.at, i18n.language) })}</span>{' '}
      <button type="button" className="band-button" data-testid="sync-restored-dismiss" onClick={onDismiss}>
        {t('sync.dismiss')}
      </button>
    </div>
  );
}
