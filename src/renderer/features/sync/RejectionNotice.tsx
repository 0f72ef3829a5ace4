import { useTranslation } from 'react-i18next';
import type { LocalRejection } from '@shared';
import { formatDateTime } from '../../i18n/format';

/**
 * Local changes the server refused (someone else claimed the report first, a decision based on an old
 * version…): the officer sees which and why; the report already shows the server's state again.
 */
export function RejectionNotice({ rejections }: { rejections: readonly LocalRejection[] }) {
  const { t, i18n } = useTranslation();
  if (rejections.length === 0) return null;
  return (
    <details className="sync-rejections" data-testid="sync-rejections">
      <summary>{t('sync.rejected', { count: rejections.length })}</summary>
      <ul>
        {rejections.slice(0, 5).map((r) => (
          <li key={r.mutationId} data-testid="sync-rejection">
            <span className="mono small">{formatDateTime(r.createdAt, i18n.language)}</span> {t(`sync.change.${changeKey(r.name)}`)} — {r.reason.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

const CHANGES = ['claim', 'release', 'note', 'setVerification', 'recordCapture'] as const;
type ChangeKey = (typeof CHANGES)[number] | 'other';
function changeKey(name: string): ChangeKey {
  return (CHANGES as readonly string[]).includes(name) ? (name as ChangeKey) : 'other';
}
