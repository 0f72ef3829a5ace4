import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from './stores';
import { SyncStatusContainer } from '../features/sync/SyncStatusContainer';
import { ReviewTabs } from '../features/review/ReviewTabs';

/** The dark band: who is working, the sync state, and the lock within one keystroke of reach. */
export function Header({ onHelp }: { onHelp?: () => void }) {
  const { t } = useTranslation();
  const { session, vault, review } = useStores();
  const user = useStore(session, (s) => s.session?.user ?? null);
  const reviewing = useStore(review, (s) => s.active);
  return (
    <header className="band main-band">
      <span className="brand">{t('app.brand')}</span>
      <span className="band-sub">{t('app.subtitle')}</span>
      <SyncStatusContainer />
      {user?.role === 'supervisor' ? <ReviewTabs reviewing={reviewing} onChange={(r) => review.getState().setActive(r)} /> : null}
      <span className="band-spacer" />
      {onHelp ? (
        <button type="button" className="band-button" data-testid="help-button" title={t('workflow.help.open')} aria-label={t('workflow.help.open')} onClick={onHelp}>
          ?
        </button>
      ) : null}
      {user ? (
        <span className="band-user" data-testid="current-user" data-role={user.role}>
          {t('header.user', { name: user.displayName, role: t(`role.${user.role}`) })}
        </span>
      ) : null}
      <button type="button" className="band-button" data-testid="logout-button" onClick={() => void session.getState().logout()}>
        {t('login.logout')}
      </button>
      <button type="button" className="band-button lock" data-testid="lock-button" title={t('vault.lockTitle')} onClick={() => void vault.getState().lock()}>
        {t('vault.lock')}
      </button>
    </header>
  );
}
