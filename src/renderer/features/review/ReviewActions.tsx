import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export type ReviewActionsProps = { own: boolean; busy: boolean; onApprove(comment: string): void; onReturn(comment: string): void };

/** Approve, or return to the analyst with a comment; a supervisor's own proposal is left to another. */
export function ReviewActions({ own, busy, onApprove, onReturn }: ReviewActionsProps) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [needsComment, setNeedsComment] = useState(false);
  if (own) return <p className="notice warning" data-testid="review-own">{t('workflow.review.own')}</p>;
  return (
    <div className="review-actions" role="group" aria-label={t('workflow.review.proposal')}>
      <label className="field">
        <span>{t('workflow.review.comment')}</span>
        <textarea data-testid="review-comment" value={comment} maxLength={5000} onChange={(e) => setComment(e.target.value)} />
      </label>
      {needsComment ? <p className="alert small" role="alert">{t('workflow.review.returnNeedsComment')}</p> : null}
      <button type="button" className="primary" data-testid="review-approve" disabled={busy} onClick={() => onApprove(comment.trim())}>
        {t('workflow.review.approve')}
      </button>{' '}
      <button
        type="button"
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
    </div>
  );
}
