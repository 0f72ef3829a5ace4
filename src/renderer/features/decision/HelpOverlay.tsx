import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts';

/** The `?` overlay: every triage shortcut, closed by Escape or its button. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement | null>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div
      className="help-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="help-title"
      data-testid="help-overlay"
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === '?') {
          e.stopPropagation();
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="help-box">
        <h2 id="help-title">{t('workflow.help.title')}</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.action} className="shortcut">
              <dt><kbd>{s.keys.replace('{enter}', t('workflow.help.keyEnter')).replace('{escape}', t('workflow.help.keyEscape'))}</kbd></dt>
              <dd>{t(`workflow.help.keys.${s.action}`)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" ref={closeRef} data-testid="help-close" onClick={onClose}>{t('common.close')}</button>
      </div>
    </div>
  );
}
