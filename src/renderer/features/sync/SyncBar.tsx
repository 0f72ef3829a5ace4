import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { syncDisplayState } from './store';

export type SyncBarProps = { status: SyncStatus | null; callError: string | null; onSyncNow: () => void };

/** The sync strip of the header: state, progress "x / y", last sync, pending changes, last error. */
export function SyncBar({ status, callError, onSyncNow }: SyncBarProps) {
  const { t, i18n } = useTranslation();
  const state = syncDisplayState(status);
  const progress = status?.syncing ? status.progress : null;
  const lastError = callError ?? status?.lastError ?? null;
  return (
    <div className="sync-bar" role="group" aria-label={t('sync.label')}>
      <span className={`sync-state sync-${state}`} data-testid="sync-status" data-state={state} role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {t(`sync.${state}`)}
        {status && state !== 'offline' ? <span className="sr-only"> — {t(status.online ? 'sync.online' : 'sync.offline')}</span> : null}
      </span>
      {progress ? (
        <span className="sync-progress">
          <progress data-testid="sync-progress" max={Math.max(1, progress.total)} value={progress.done} aria-label={t('sync.label')} />
          <span className="mono">{t('sync.progress', { done: progress.done, total: progress.total })}</span>
        </span>
      ) : null}
      <span className="sync-last" data-testid="sync-last" title={status ? t('sync.reports', { count: status.reportCount }) : undefined}>
        {status?.lastSyncAt ? t('sync.last', { when: formatDateTime(status.lastSyncAt, i18n.language) }) : t('sync.never')}
      </span>
      {status && status.pending > 0 ? <span className="sync-pending" data-testid="sync-pending">{t('sync.pending', { count: status.pending })}</span> : null}
      {lastError ? (
        <span className="sync-error" title={lastError}>
          {t('sync.lastError', { message: lastError })}
        </span>
      ) : null}
      <button type="button" className="band-button" data-testid="sync-now" onClick={onSyncNow} disabled={!!status?.syncing}>
        {t('sync.now')}
      </button>
    </div>
  );
}
