import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type ReviewActionsProps = {
  own: boolean;
  busy: boolean;
  /** Why the proposal cannot be approved (missing steps), or null. */
  blocker: string | null;
  onApprove(comment: string): void;
  onReturn(comment: string): void;
};

/** Approve, or return to the analyst with a comment; a supervisor's own proposal is left to another. */
export function ReviewActions({ own, busy, blocker, onApprove, onReturn }: ReviewActionsProps) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [needsComment, setNeedsComment] = useState(false);
  const whyId = useId();
  if (own) return <p className="notice warning" data-testid="review-own">{t('workflow.review.own')}</p>;
  return (
    <div className="review-actions" role="group" aria-label={t('workflow.review.proposal')}>
      <label className="field">
        <span>{t('workflow.review.comment')}</span>
        <textarea data-testid="review-comment" value={comment} maxLength={5000} onChange={(e) => setComment(e.target.value)} />
      </label>
      {needsComment ? <p className="alert small" role="alert">{t('workflow.review.returnNeedsComment')}</p> : null}
      <div className="btn-group">
        <button type="button" className="btn btn-primary" data-testid="review-approve" disabled={busy || blocker !== null} title={blocker ?? undefined}
          aria-describedby={blocker ? whyId : undefined} onClick={() => onApprove(comment.trim())}>
          {t('workflow.review.approve')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          data-testid="review-return"
          disabled={busy}
          onClick={() => {
            if (!comment.trim()) return setNeedsComment(true);
            setNeedsComment(false);
            onReturn(comment.trim());
          }}
        >
          {t('workflow.review.return')}
        </button>
        {blocker ? <span className="small incomplete" id={whyId} data-testid="review-blocker">{blocker}</span> : null}
      </div>
    </div>
  );
}
