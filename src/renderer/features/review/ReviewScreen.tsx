import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { fourEyesProblem } from '@shared';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { useNow } from '../../ui/useNow';
import { useToast } from '../../ui/Toasts';
import { ReportDetail } from '../report/ReportDetail';
import { ReportIdentity } from '../report/ReportIdentity';
import { CommentThread } from '../decision/CommentThread';
import { CapturePanel } from '../capture/CapturePanel';
import { ProposalView } from './ProposalView';
import { ReviewActions } from './ReviewActions';
import { ReviewList } from './ReviewList';
import { missingDecisionSteps } from '@shared/workflow/completeness';

/**
 * The supervisor's review screen: the proposals waiting on the left; the open one with its identity
 * in view, the proposal and the decision to take beside its evidence (captures, read-only).
 */
export function ReviewScreen() {
  const { t } = useTranslation();
  const stores = useStores();
  const toast = useToast();
  const review = stores.review;
  const now = useNow();
  const report = useStore(review, (s) => s.report);
  const busy = useStore(review, (s) => s.busy);
  const error = useStore(review, (s) => s.error);
  const articles = useStore(review, (s) => s.articles);
  const directory = useStore(stores.decision, (s) => s.directory);
  const session = useStore(stores.session, (s) => s.session);
  const localCaptures = useStore(stores.capture, (s) => s.captures);
  useEffect(() => {
    void stores.decision.getState().loadDirectory();
  }, [stores.decision]);
  // The same four-eyes rule as the server's: whoever wrote any part of the decision leaves it to another.
  const own = !!report && !!session && fourEyesProblem(report.decision, report.claimedBy, session.user.username) !== null;
  const missing = missingDecisionSteps(report?.decision);
  const blocker = missing.length > 0 ? t('screens.review.cannotApprove', { count: missing.length, list: missing.map((s) => t(`screens.steps.missing.${s}`)).join(', ') }) : null;
  const captureStates: Record<string, string> = {};
  for (const c of report?.captures ?? []) captureStates[c.captureId] = c.state;
  for (const c of localCaptures) captureStates[c.id] = c.state;
  const decide = async (what: 'approve' | 'return', comment: string): Promise<void> => {
    const reference = report?.reference ?? '';
    await (what === 'approve' ? review.getState().approve(comment) : review.getState().returnToAnalyst(comment));
    if (!review.getState().error) toast.show(t(what === 'approve' ? 'screens.toast.approved' : 'screens.toast.returned', { reference }));
  };

  return (
    <div className="review-screen workspace" data-testid="review-screen">
      <ReviewList review={review} now={now} />
      <section className={report ? 'detail open has-report review-detail' : 'detail open'} aria-live="polite">
        {error ? <p className="alert" role="alert" data-testid="review-error">{errorText(t, error)}</p> : null}
        {!report && !error ? <p className="muted detail-empty">{t('screens.review.pick')}</p> : null}
        {report ? (
          <>
            <ReportIdentity report={report} now={now} session={session} />
            <div className="report-body">
              <div className="report-main">
                <ProposalView decision={report.decision} services={directory?.services ?? []} articles={articles} captureStates={captureStates} />
                {report.status === 'decision_proposed' ? (
                  <ReviewActions key={report.id} own={own} busy={busy} blocker={blocker} onApprove={(c) => void decide('approve', c)} onReturn={(c) => void decide('return', c)} />
                ) : (
                  <p className="notice" data-testid="review-outcome" data-status={report.status}>{t(`status.${report.status}`)}</p>
                )}
                <CommentThread comments={report.decision?.comments ?? []} canComment onSend={(text) => void review.getState().comment(text)} />
                <ReportDetail report={report} />
              </div>
              <aside className="report-evidence" aria-labelledby="capture-title">
                <CapturePanel report={report} store={stores.capture} readOnly />
              </aside>
            </div>
          </>
        ) : null}
      </section>
    </div>
  );
}
