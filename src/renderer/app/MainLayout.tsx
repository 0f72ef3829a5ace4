import { useStore } from 'zustand';
import { useStores } from './stores';
import { Header } from './Header';
import { QueuePanel } from '../features/queue/QueuePanel';
import { ReportPanel } from '../features/report/ReportPanel';
import { CompetingPanel } from '../features/competing/CompetingPanel';

/** Queue left, detail right; on narrow widths (CSS) the open report replaces the queue. */
export function MainLayout() {
  const stores = useStores();
  const openId = useStore(stores.report, (s) => s.openId);
  // Arbitration of competing decisions is the supervisors' (the server checks it too).
  const role = useStore(stores.session, (s) => s.session?.user.role ?? null);
  const arbiter = role === 'supervisor' || role === 'admin';
  return (
    <div className={openId ? 'layout report-open' : 'layout'}>
      <Header />
      {arbiter ? <CompetingPanel /> : null}
      <main className="workspace">
        <QueuePanel />
        <ReportPanel />
      </main>
    </div>
  );
}
