import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { useNow } from '../../ui/useNow';
import { useToast } from '../../ui/Toasts';
import { officerName } from '../../ui/officers';
import { ReportDetail } from './ReportDetail';
import { ReportIdentity } from './ReportIdentity';
import { ClaimActions } from './ClaimActions';
import type { ReportClaimAction } from './store';
import { CapturePanel } from '../capture/CapturePanel';
import { DecisionWorkspace } from '../decision/DecisionWorkspace';
import { ActionBar } from '../decision/ActionBar';
import { ConservationPanel } from '../conservation/ConservationPanel';

/** Same breakpoint as the stylesheet's single-column layout. */
const NARROW = '(max-width: 980px)';

export type ReportPanelProps = { confirmingSubmit: boolean; onConfirmingSubmit(on: boolean): void };

/**
 * The detail pane, laid out as an analyst's tool: the report's identity and claim always in view on
 * top; below, the report and its decision steps on one side and the evidence on the other, each
 * scrolling on its own; at the bottom, the action bar that says what is still missing.
 */
export function ReportPanel({ confirmingSubmit, onConfirmingSubmit }: ReportPanelProps) {
  const { t } = useTranslation();
  const stores = useStores();
  const toast = useToast();
  const store = stores.report;
  const session = useStore(stores.session, (s) => s.session);
  const username = session?.user.username ?? null;
  const now = useNow();
  const openId = useStore(store, (s) => s.openId);
  const report = useStore(store, (s) => s.report);
  const loading = useStore(store, (s) => s.loading);
  const error = useStore(store, (s) => s.error);
  const actionError = useStore(store, (s) => s.actionError);
  const ref = useRef<HTMLElement | null>(null);
  const mainRef = useRef<HTMLDivElement | null>(null);
  const shownId = report?.id ?? null;
  useEffect(() => {
    if (!shownId) return;
    mainRef.current?.scrollTo?.({ top: 0 });
    // Side by side, the keyboard stays on the queue (j/k go on working) and only the screen reader
    // is told. On a narrow window the detail replaces the queue, so the focus follows it.
    if (window.matchMedia?.(NARROW).matches) ref.current?.querySelector<HTMLElement>('#report-title')?.focus();
  }, [shownId]);
  const act = async (action: ReportClaimAction): Promise<void> => {
    await store.getState().act(action);
    if (!store.getState().actionError) toast.show(t(action === 'claim' ? 'screens.toast.claimed' : 'screens.toast.released'));
  };

  return (
    <section className={`detail${openId ? ' open' : ''}${report ? ' has-report' : ''}`} data-testid="report-detail" ref={ref} aria-busy={loading}>
      <p className="sr-only" aria-live="polite">{report ? report.reference : ''}</p>
      {openId && !report ? <BackButton onBack={() => store.getState().close()} /> : null}
      {!openId ? <p className="muted detail-empty">{t('report.empty')}</p> : null}
      {loading ? <p className="muted">{t('report.loading')}</p> : null}
      {error ? <p className="alert" role="alert">{t('report.loadError', { message: errorText(t, error) })}</p> : null}
      {report ? (
        <>
          <ReportIdentity report={report} now={now} session={session}>
            <BackButton onBack={() => store.getState().close()} />
            <ClaimActions report={report} username={username} now={now} error={errorText(t, actionError)} onAct={(a) => void act(a)} nameOf={(u) => officerName(u, session)} />
          </ReportIdentity>
          <div className="report-body">
            <div className="report-main" ref={mainRef} data-testid="report-main">
              <ReportDetail report={report} />
              <DecisionWorkspace report={report} />
              <ConservationPanel report={report} />
            </div>
            <aside className="report-evidence" aria-labelledby="capture-title" data-testid="report-evidence">
              <CapturePanel report={report} store={stores.capture} />
            </aside>
          </div>
          <ActionBar report={report} confirming={confirmingSubmit} onConfirming={onConfirmingSubmit} />
        </>
      ) : null}
    </section>
  );
}

function BackButton({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn btn-sm back-button" onClick={onBack}>
      ← {t('common.back')}
    </button>
  );
}
