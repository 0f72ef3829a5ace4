import { useTranslation } from 'react-i18next';

export type PriorityLevel = 'critical' | 'high' | 'medium' | 'low';

export function priorityLevel(p: number): PriorityLevel {
  if (p >= 85) return 'critical';
  if (p >= 60) return 'high';
  if (p >= 40) return 'medium';
  return 'low';
}

/** Colour and text together: the level is also spelled out for screen readers and colour-blind eyes. */
export function PriorityBadge({ priority }: { priority: number }) {
  const { t } = useTranslation();
  const level = priorityLevel(priority);
  const label = t('priority.label', { value: priority, level: t(`priority.level.${level}`) });
  return (
    <span className={`prio prio-${level}`} title={label} aria-label={label}>
      {priority}
    </span>
  );
}
