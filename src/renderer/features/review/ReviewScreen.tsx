import { useNow } from '../../ui/useNow';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { fourEyesProblem } from '@shared';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { formatDateTime } from '../../i18n/format';
import { ReportDetail } from '../report/ReportDetail';
import { CommentThread } from '../decision/CommentThread';
import { ProposalView } from './ProposalView';
import { ReviewActions } from './ReviewActions';

/** The supervisor's review screen: proposals waiting on the left, the open one against its report. */
export function ReviewScreen() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const review = stores.review;
  const now = useNow();
  const proposals = useStore(review, (s) => s.proposals);
  const total = useStore(review, (s) => s.total);
  const selectedId = useStore(review, (s) => s.selectedId);
  const report = useStore(review, (s) => s.report);
  const busy = useStore(review, (s) => s.busy);
  const error = useStore(review, (s) => s.error);
  const directory = useStore(stores.decision, (s) => s.directory);
  const user = useStore(stores.session, (s) => s.session?.user ?? null);
  useEffect(() => {
    void stores.decision.getState().loadDirectory();
  }, [stores.decision]);
  // The same four-eyes rule as the server's: whoever wrote any part of the decision leaves it to another.
  const own = !!report && !!user && fourEyesProblem(report.decision, report.claimedBy, user.username) !== null;

  return (
    <div className="review-screen workspace" data-testid="review-screen">
      <section className="queue review-list" aria-labelledby="review-title">
        <h2 id="review-title">{t('workflow.review.title')}</h2>
        <p className="small muted" data-testid="review-count">{t('workflow.review.count', { count: total })}</p>
        {proposals.length === 0 ? <p className="muted" data-testid="review-empty">{t('workflow.review.empty')}</p> : null}
        <ul className="review-items" role="listbox" aria-label={t('workflow.review.title')}>
          {proposals.map((p) => (
            <li key={p.id} role="option" aria-selected={p.id === selectedId}>
              <button type="button" className={p.id === selectedId ? 'review-item selected' : 'review-item'} data-testid="review-item" data-reference={p.reference} onClick={() => void review.getState().select(p.id)}>
                <span className="mono">{p.reference}</span> · {t(`category.${p.category}`)} · {formatDateTime(p.receivedAt, i18n.language)}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="detail open" aria-live="polite">
        {error ? <p className="alert" role="alert" data-testid="review-error">{errorText(t, error)}</p> : null}
        {report ? (
          <>
            <ProposalView decision={report.decision} services={directory?.services ?? []} />
            {report.status === 'decision_proposed' ? (
              <ReviewActions key={report.id} own={own} busy={busy} onApprove={(c) => void review.getState().approve(c)} onReturn={(c) => void review.getState().returnToAnalyst(c)} />
            ) : (
              <p className="notice" data-testid="review-outcome" data-status={report.status}>{t(`status.${report.status}`)}</p>
            )}
            <CommentThread comments={report.decision?.comments ?? []} canComment onSend={(text) => void review.getState().comment(text)} />
            <ReportDetail report={report} now={now} />
          </>
        ) : null}
      </section>
    </div>
  );
}
