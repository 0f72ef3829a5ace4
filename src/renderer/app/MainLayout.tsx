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
import { ToastProvider, useToast } from '../ui/Toasts';

/** Queue left, detail right (on narrow widths the open report replaces the queue); or the review screen. */
export function MainLayout() {
  return (
    <ToastProvider>
      <MainScreens />
    </ToastProvider>
  );
}

function MainScreens() {
  const stores = useStores();
  const toast = useToast();
  // "Soumettre à validation" asks first, whether from the action bar or from `s`.
  const [confirmingSubmit, setConfirmingSubmit] = useState(false);
  const openId = useStore(stores.report, (s) => s.openId);
  const reviewing = useStore(stores.review, (s) => s.active);
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const askSubmit = useCallback(() => setConfirmingSubmit(true), []);
  const tellMissing = useCallback((text: string) => toast.show(text, { testId: 'submit-missing' }), [toast]);
  useTriageKeyboard(stores, toggleHelp, { askSubmit, tellMissing });
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
          <ReportPanel confirmingSubmit={confirmingSubmit} onConfirmingSubmit={setConfirmingSubmit} />
        </main>
      )}
      {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
