import { useTranslation } from 'react-i18next';

const COLUMNS = ['priority', 'reference', 'category', 'source', 'status', 'age', 'url', 'claimedBy'] as const;

export function QueueHeader() {
  const { t } = useTranslation();
  return (
    <div className="qrow qhead" role="row" aria-rowindex={1}>
      {COLUMNS.map((c) => (
        <span key={c} role="columnheader">
          {t(`queue.col.${c}`)}
        </span>
      ))}
    </div>
  );
}
