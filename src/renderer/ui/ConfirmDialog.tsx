import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export type ConfirmDialogProps = { title: string; body: string; confirmLabel: string; onConfirm(): void; onCancel(): void };

/**
 * Asks before an irreversible action (submitting for review, marking as transmitted). The focus goes
 * to "Annuler" (Enter by habit must not confirm), Escape cancels, and the focus is trapped inside.
 */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement | null>(null);
  const boxRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Tab') {
      const buttons = Array.from(boxRef.current?.querySelectorAll<HTMLElement>('button') ?? []);
      const i = buttons.indexOf(document.activeElement as HTMLElement);
      const j = (i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length;
      e.preventDefault();
      buttons[j]?.focus();
    }
    // Letters typed here must not reach the triage shortcuts behind the dialog.
    e.stopPropagation();
  };
  return (
    <div className="modal-backdrop" onKeyDown={onKeyDown} data-testid="confirm-dialog">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} ref={boxRef}>
        <h2 id={titleId}>{title}</h2>
        <p id={bodyId}>{body}</p>
        <div className="btn-group">
          <button type="button" className="btn" ref={cancelRef} data-testid="confirm-cancel" onClick={onCancel}>
            {t('screens.confirm.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="confirm-ok" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
