import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewComment } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { useOfficerName } from '../../ui/officers';

export type CommentThreadProps = { comments: readonly ReviewComment[]; canComment: boolean; onSend(text: string): void };

/** The review thread between the analyst and the supervisors, oldest first. */
export function CommentThread({ comments, canComment, onSend }: CommentThreadProps) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const name = useOfficerName();
  return (
    <section className="thread" aria-labelledby="thread-title" data-testid="comment-thread">
      <h3 id="thread-title">{t('workflow.thread.title')}</h3>
      {comments.length === 0 ? <p className="muted small">{t('workflow.thread.empty')}</p> : null}
      <ol className="comments">
        {comments.map((c, i) => (
          <li key={`${c.at}-${i}`} className={`comment comment-${c.kind}`} data-testid="thread-comment">
            <span className="comment-meta">
              {t(`workflow.thread.kinds.${c.kind}`)} — {name(c.by)}, {formatDateTime(c.at, i18n.language)}
            </span>
            <p>{c.text}</p>
          </li>
        ))}
      </ol>
      {canComment ? (
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            onSend(text.trim());
            setText('');
          }}
        >
          <textarea aria-label={t('workflow.thread.placeholder')} placeholder={t('workflow.thread.placeholder')} data-testid="thread-input" value={text} maxLength={5000} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="btn" data-testid="thread-send" disabled={!text.trim()}>{t('workflow.thread.send')}</button>
        </form>
      ) : null}
    </section>
  );
}
