import { useCallback, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from './stores';
import { Header } from './Header';
import { QueuePanel } from '../features/queue/QueuePanel';
import { ReportPanel } from '../features/report/ReportPanel';
import { ReviewScreen } from '../features/review/ReviewScreen';
import { HelpOverlay } from '../features/decision/HelpOverlay';
import { useTriageKeyboard } from '../features/decision/useTriageKeyboard';
import { CompetingPanel } from '../features/competing/CompetingPanel';

/** Queue left, detail right (on narrow widths the open report replaces the queue); or the review screen. */
export function MainLayout() {
  const stores = useStores();
  const openId = useStore(stores.report, (s) => s.openId);
  const reviewing = useStore(stores.review, (s) => s.active);
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  useTriageKeyboard(stores, toggleHelp);
  // Arbitration of competing decisions is the supervisors' only (the server checks it too).
  const arbiter = useStore(stores.session, (s) => s.session?.user.role === 'supervisor');
  return (
    <div className={openId && !reviewing ? 'layout report-open' : 'layout'}>
      <Header onHelp={toggleHelp} />
      {arbiter ? <CompetingPanel /> : null}
      {reviewing ? (
        <ReviewScreen />
      ) : (
        <main className="workspace">
          <QueuePanel />
          <ReportPanel />
        </main>
      )}
      {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
