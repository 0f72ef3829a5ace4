import { useTranslation } from 'react-i18next';

export type ReviewTabsProps = { reviewing: boolean; onChange(reviewing: boolean): void };

/** Supervisors switch between the queue and the review of proposals. */
export function ReviewTabs({ reviewing, onChange }: ReviewTabsProps) {
  const { t } = useTranslation();
  return (
    <nav className="band-tabs" aria-label={t('workflow.review.title')}>
      <button type="button" className="band-button" aria-pressed={!reviewing} data-testid="tab-queue" onClick={() => onChange(false)}>
        {t('workflow.review.queueTab')}
      </button>
      <button type="button" className="band-button" aria-pressed={reviewing} data-testid="tab-review" onClick={() => onChange(true)}>
        {t('workflow.review.tab')}
      </button>
    </nav>
  );
}
