import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { useNow } from '../../ui/useNow';
import { ReportDetail } from './ReportDetail';
import { ClaimActions } from './ClaimActions';
import { CapturePanel } from '../capture/CapturePanel';
import { DecisionWorkspace } from '../decision/DecisionWorkspace';
import { ConservationPanel } from '../conservation/ConservationPanel';

/** Same breakpoint as the stylesheet's single-column layout. */
const NARROW = '(max-width: 980px)';

/** Container of the detail pane; moves the focus to the report when one is opened. */
export function ReportPanel() {
  const { t } = useTranslation();
  const stores = useStores();
  const store = stores.report;
  const username = useStore(stores.session, (s) => s.session?.user.username ?? null);
  const now = useNow();
  const openId = useStore(store, (s) => s.openId);
  const report = useStore(store, (s) => s.report);
  const loading = useStore(store, (s) => s.loading);
  const error = useStore(store, (s) => s.error);
  const actionError = useStore(store, (s) => s.actionError);
  const ref = useRef<HTMLElement | null>(null);
  const shownId = report?.id ?? null;
  useEffect(() => {
    if (!shownId) return;
    ref.current?.scrollTo?.({ top: 0 });
    // Side by side, the keyboard stays on the queue (j/k go on working) and only the screen reader
    // is told. On a narrow window the detail replaces the queue, so the focus follows it.
    if (window.matchMedia?.(NARROW).matches) ref.current?.querySelector<HTMLElement>('#report-title')?.focus();
  }, [shownId]);

  return (
    <section className={openId ? 'detail open' : 'detail'} data-testid="report-detail" ref={ref} aria-busy={loading}>
      <p className="sr-only" aria-live="polite">{report ? report.reference : ''}</p>
      {openId ? (
        <button type="button" className="back-button" onClick={() => store.getState().close()}>
          ← {t('common.back')}
        </button>
      ) : null}
      {!openId ? <p className="muted detail-empty">{t('report.empty')}</p> : null}
      {loading ? <p className="muted">{t('report.loading')}</p> : null}
      {error ? <p className="alert" role="alert">{t('report.loadError', { message: errorText(t, error) })}</p> : null}
      {report ? <ClaimActions report={report} username={username} now={now} error={errorText(t, actionError)} onAct={(a) => void store.getState().act(a)} /> : null}
      {report ? <CapturePanel report={report} store={stores.capture} /> : null}
      {report ? <ReportDetail report={report} now={now} /> : null}
      {report ? <DecisionWorkspace report={report} /> : null}
      {report ? <ConservationPanel report={report} /> : null}
    </section>
  );
}
