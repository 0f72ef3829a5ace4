import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { CaptureView, Report } from '@shared';
import { errorText } from '../../ui/errors';
import { formatDateTime } from '../../i18n/format';
import type { CaptureStore } from './store';
import { CaptureCard } from './CaptureCard';
import { EvidenceViewer } from './EvidenceViewer';

export type CapturePanelProps = { report: Report; store: CaptureStore; readOnly?: boolean };

/** Shift+C anywhere but in a text field starts a capture of the open report. */
export function isCaptureShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, target: EventTarget | null): boolean {
  if (e.key !== 'C' || e.ctrlKey || e.metaKey || e.altKey) return false;
  const el = target as HTMLElement | null;
  const tag = el?.tagName ?? '';
  return !(tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el?.isContentEditable === true);
}

/**
 * The evidence of the open report, in a viewer: "Capturer" runs a forensic capture of its first address
 * on this workstation; the captures are a strip of thumbnails; the chosen one is shown at full size
 * (zoom and scroll) with its steps, renderings, checks and upload. Read-only on the review screen.
 */
export function CapturePanel({ report, store, readOnly = false }: CapturePanelProps) {
  const { t, i18n } = useTranslation();
  const captures = useStore(store, (s) => s.captures);
  const thumbnails = useStore(store, (s) => s.thumbnails);
  const fullImages = useStore(store, (s) => s.fullImages);
  const starting = useStore(store, (s) => s.starting);
  const error = useStore(store, (s) => s.error);
  const lastExport = useStore(store, (s) => s.lastExport);
  const [chosenId, setChosenId] = useState<string | null>(null);
  useEffect(() => void store.getState().show(report.id), [store, report.id]);
  useEffect(() => {
    if (readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isCaptureShortcut(e, e.target)) return;
      e.preventDefault();
      void store.getState().start();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, readOnly]);
  const running = captures.some((c) => c.state === 'running');
  // The newest capture is shown unless the officer chose another one.
  const chosen: CaptureView | undefined = captures.find((c) => c.id === chosenId) ?? captures[0];
  const local = new Set(captures.map((c) => c.id));
  const elsewhere = (report.captures ?? []).filter((c) => !local.has(c.captureId));
  const count = captures.length + elsewhere.length;
  const viewer = (c: CaptureView) => <EvidenceViewer key={c.id} capture={c} image={fullImages[c.id] ?? null} onLoad={() => void store.getState().loadFull(c.id)} />;
  return (
    <section aria-labelledby="capture-title" className="captures" data-testid="captures">
      <div className="evidence-head">
        <h3 id="capture-title">{t('screens.evidence.title', { count })}</h3>
        {readOnly ? null : (
          <button type="button" className="btn btn-primary" data-testid="capture-start" aria-keyshortcuts="Shift+C" disabled={starting || running}
            title={running ? t('screens.evidence.busy') : undefined} onClick={() => void store.getState().start()}>
            {running ? t('capture.running') : t('capture.start')}
          </button>
        )}
      </div>
      {readOnly ? null : <p className="muted small capture-hint">{t('capture.hint', { url: report.urls[0] ?? '' })}</p>}
      {error ? <p className="alert" role="alert" data-testid="capture-error">{errorText(t, error)}</p> : null}
      {lastExport ? (
        <p className="small" role="status" data-testid="capture-exported">
          {lastExport.opened ? t('capture.opened', { file: lastExport.files[0] ?? '' }) : t('capture.exported', { folder: lastExport.folder })}
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">{captures[0] ? `${t(`capture.state.${captures[0].state}`)} ${captures[0].steps.at(-1)?.label ?? ''}` : ''}</p>
      {count === 0 ? <p className="muted small">{t('capture.none')}</p> : null}
      {captures.length > 1 || elsewhere.length > 0 ? (
        <ul className="capture-strip" aria-label={t('screens.evidence.strip')} data-testid="capture-strip">
          {captures.map((c) => (
            <li key={c.id}>
              <button type="button" aria-pressed={c.id === chosen?.id} onClick={() => setChosenId(c.id)} data-testid="capture-strip-item">
                {thumbnails[c.id] ? <img src={thumbnails[c.id]} alt="" /> : <span className="nothumb">{t('screens.evidence.noThumb')}</span>}
                <span>{formatDateTime(c.startedAt, i18n.language)}</span>
                <span className={`capture-state capture-${c.state}`}>{t(`capture.state.${c.state}`)}</span>
              </button>
            </li>
          ))}
          {elsewhere.map((c) => (
            <li key={c.captureId} data-testid="capture-elsewhere">
              <span className="nothumb small">{t('screens.evidence.elsewhere', { who: c.recordedBy, when: formatDateTime(c.startedAt, i18n.language), state: t(`capture.state.${c.state}`, { defaultValue: '' }) })}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {/* A failed capture leads with why it failed and what to do; the others with the page itself. */}
      {chosen && chosen.state !== 'running' && chosen.state !== 'failed' ? viewer(chosen) : null}
      {chosen ? (
        <ul className="capture-list">
          <CaptureCard
            key={chosen.id}
            capture={chosen}
            thumbnail={thumbnails[chosen.id] ?? null}
            onVerify={() => void store.getState().verify(chosen.id)}
            onOpenPv={() => void store.getState().openPv(chosen.id)}
            onExport={() => void store.getState().exportFiles(chosen.id)}
            onRetryUpload={() => void store.getState().retryUpload(chosen.id)}
          />
        </ul>
      ) : null}
      {chosen?.state === 'failed' ? viewer(chosen) : null}
      <p className="out-of-scope-note">{t('screens.evidence.replay')}</p>
    </section>
  );
}
