import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The frame of the screens before the queue (vault, enrolment, login): the band and one card. */
export function GatePanel({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="gate">
      <header className="band">
        <span className="brand">{t('app.brand')}</span>
        <span className="band-sub">{t('app.subtitle')}</span>
      </header>
      <main className={wide ? 'gate-card wide' : 'gate-card'}>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
