import { useStore } from 'zustand';
import { useStores } from './stores';
import { Header } from './Header';
import { QueuePanel } from '../features/queue/QueuePanel';
import { ReportPanel } from '../features/report/ReportPanel';

/** Queue left, detail right; on narrow widths (CSS) the open report replaces the queue. */
export function MainLayout() {
  const openId = useStore(useStores().report, (s) => s.openId);
  return (
    <div className={openId ? 'layout report-open' : 'layout'}>
      <Header />
      <main className="workspace">
        <QueuePanel />
        <ReportPanel />
      </main>
    </div>
  );
}
