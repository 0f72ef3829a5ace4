import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { Report } from '@shared';
import { errorText } from '../../ui/errors';
import type { CaptureStore } from './store';
import { CaptureCard } from './CaptureCard';

export type CapturePanelProps = { report: Report; store: CaptureStore };

/** Shift+C anywhere but in a text field starts a capture of the open report. */
export function isCaptureShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, target: EventTarget | null): boolean {
  if (e.key !== 'C' || e.ctrlKey || e.metaKey || e.altKey) return false;
  const el = target as HTMLElement | null;
  const tag = el?.tagName ?? '';
  return !(tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el?.isContentEditable === true);
}

/**
 * Mesures conservatoires of the open report: "Capturer" runs a forensic capture of its first address on
 * this workstation; each capture shows its steps as they happen, then its evidence and where it stands.
 */
export function CapturePanel({ report, store }: CapturePanelProps) {
  const { t } = useTranslation();
  const captures = useStore(store, (s) => s.captures);
  const thumbnails = useStore(store, (s) => s.thumbnails);
  const starting = useStore(store, (s) => s.starting);
  const error = useStore(store, (s) => s.error);
  const lastExport = useStore(store, (s) => s.lastExport);
  useEffect(() => void store.getState().show(report.id), [store, report.id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isCaptureShortcut(e, e.target)) return;
      e.preventDefault();
      void store.getState().start();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);
  const running = captures.some((c) => c.state === 'running');
  return (
    <section aria-labelledby="capture-title" className="captures" data-testid="captures">
      <h3 id="capture-title">{t('capture.title')} ({captures.length})</h3>
      <button
        type="button"
        className="band-button"
        data-testid="capture-start"
        aria-keyshortcuts="Shift+C"
        disabled={starting || running}
        onClick={() => void store.getState().start()}
      >
        {running ? t('capture.running') : t('capture.start')}
      </button>{' '}
      <span className="muted small">{t('capture.hint', { url: report.urls[0] ?? '' })}</span>
      {error ? <p className="alert" role="alert" data-testid="capture-error">{errorText(t, error)}</p> : null}
      {lastExport ? (
        <p className="small" role="status" data-testid="capture-exported">
          {lastExport.opened ? t('capture.opened', { file: lastExport.files[0] ?? '' }) : t('capture.exported', { folder: lastExport.folder })}
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">{captures[0] ? `${t(`capture.state.${captures[0].state}`)} ${captures[0].steps.at(-1)?.label ?? ''}` : ''}</p>
      {captures.length === 0 ? <p className="muted small">{t('capture.none')}</p> : null}
      <ul className="capture-list">
        {captures.map((c) => (
          <CaptureCard
            key={c.id}
            capture={c}
            thumbnail={thumbnails[c.id] ?? null}
            onVerify={() => void store.getState().verify(c.id)}
            onOpenPv={() => void store.getState().openPv(c.id)}
            onExport={() => void store.getState().exportFiles(c.id)}
            onRetryUpload={() => void store.getState().retryUpload(c.id)}
          />
        ))}
      </ul>
    </section>
  );
}
