import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureView } from '@shared';

export type EvidenceViewerProps = { capture: CaptureView; image: string | null; onLoad(): void };

const ZOOMS = [0.25, 0.5, 0.75, 1, 1.5, 2] as const;
const FULL = 'screenshot-full.png';

/**
 * The full-page screenshot of a capture at its real size, to read as evidence: zoom in and out,
 * "Ajuster" to the pane's width, scroll both ways inside the viewer (never the pane).
 */
export function EvidenceViewer({ capture, image, onLoad }: EvidenceViewerProps) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const hasFull = capture.artifacts.some((a) => a.name === FULL);
  useEffect(() => {
    if (hasFull && !image) onLoad();
  }, [hasFull, image, onLoad]);
  const at = zoom === 'fit' ? -1 : ZOOMS.indexOf(zoom as (typeof ZOOMS)[number]);
  const step = (d: number): void => setZoom(ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (at < 0 ? 3 : at) + d))] ?? 1);
  const width = zoom !== 'fit' && natural ? Math.round(natural.w * zoom) : undefined;
  return (
    <div className="viewer" data-testid="evidence-viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label={t('screens.viewer.toolbar')}>
        <button type="button" className="btn btn-sm" onClick={() => step(-1)} disabled={!image} aria-label={t('screens.viewer.zoomOut')}>−</button>
        <span className="zoom small" aria-live="polite" data-testid="viewer-zoom">{zoom === 'fit' ? t('screens.viewer.fitted') : `${Math.round(zoom * 100)} %`}</span>
        <button type="button" className="btn btn-sm" onClick={() => step(1)} disabled={!image} aria-label={t('screens.viewer.zoomIn')}>+</button>
        <button type="button" className="btn btn-sm" onClick={() => setZoom('fit')} disabled={!image} aria-pressed={zoom === 'fit'}>{t('screens.viewer.fit')}</button>
        <button type="button" className="btn btn-sm" onClick={() => setZoom(1)} disabled={!image} aria-pressed={zoom === 1}>{t('screens.viewer.actual')}</button>
        {natural ? <span className="small muted">{t('screens.viewer.size', { w: natural.w, h: natural.h })}</span> : null}
      </div>
      {image ? (
        <div className={zoom === 'fit' ? 'viewer-canvas fit' : 'viewer-canvas'} tabIndex={0} role="region" aria-label={t('screens.viewer.canvas')} data-testid="viewer-canvas">
          <img src={image} alt={t('screens.viewer.alt', { url: capture.finalUrl ?? capture.url })} style={width ? { width } : undefined}
            onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} data-testid="viewer-image" />
        </div>
      ) : (
        <p className="viewer-empty">{t(hasFull ? 'common.loading' : 'screens.viewer.none')}</p>
      )}
    </div>
  );
}
