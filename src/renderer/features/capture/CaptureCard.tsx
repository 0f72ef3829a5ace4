import { useTranslation } from 'react-i18next';
import type { CaptureView } from '@shared';
import { formatDateTime } from '../../i18n/format';

export type CaptureCardProps = {
  capture: CaptureView;
  thumbnail: string | null;
  onVerify(): void;
  onOpenPv(): void;
  onExport(): void;
  onRetryUpload(): void;
};

const KIB = 1024;
export function formatBytes(n: number): string {
  if (n < KIB) return `${n} o`;
  if (n < KIB * KIB) return `${(n / KIB).toFixed(1)} Kio`;
  return `${(n / KIB / KIB).toFixed(1)} Mio`;
}

/** One capture: its steps while it runs, then the screenshot, the artifacts with their SHA-256, checks and upload. */
export function CaptureCard({ capture: c, thumbnail, onVerify, onOpenPv, onExport, onRetryUpload }: CaptureCardProps) {
  const { t, i18n } = useTranslation();
  const running = c.state === 'running';
  const hasPv = c.artifacts.some((a) => a.name === 'pv.pdf');
  return (
    <li className="capture" data-testid="capture" data-state={c.state} aria-busy={running}>
      <p className="capture-head">
        <span className={`capture-state capture-${c.state}`} data-testid="capture-state">{t(`capture.state.${c.state}`)}</span>{' '}
        <code className="selectable">{c.finalUrl ?? c.url}</code>{' '}
        <span className="muted small">{formatDateTime(c.startedAt, i18n.language)} — {c.operator}</span>
      </p>
      {c.reason && c.state !== 'failed' ? <p className="small" data-testid="capture-reason">{c.reason}</p> : null}
      {c.state === 'failed' ? (
        <div className="capture-failure" role="alert" data-testid="capture-failure">
          <strong>{t('screens.capture.failedTitle')}</strong>
          <p>{t('screens.capture.failedAdvice')}</p>
        </div>
      ) : null}
      <ol className="capture-steps small" aria-label={t('capture.steps')} data-testid="capture-steps">
        {c.steps.map((s, i) => (
          <li key={`${i}-${s.at}`} aria-current={running && i === c.steps.length - 1 ? 'step' : undefined}>{s.label}</li>
        ))}
        {/* The failure is a step of its own, after those that ran: never shown as if the last one had failed. */}
        {c.state === 'failed' ? (
          <li data-failed="true" data-testid="capture-failed-step">
            {t('screens.capture.failedStep')} <span data-testid="capture-reason">{c.reason || t('screens.capture.noReason')}</span>
          </li>
        ) : null}
      </ol>
      {c.state === 'partial' ? <p className="notice warning small" data-testid="capture-partial">{t('screens.capture.partialAdvice')}</p> : null}
      {thumbnail ? <img className="capture-thumb" style={{ maxWidth: '100%', height: 'auto' }} src={thumbnail} alt={t('capture.thumbnail')} data-testid="capture-thumbnail" width={320} /> : null}
      {c.artifacts.length > 0 ? (
        <table className="capture-artifacts small" data-testid="capture-artifacts">
          <caption className="sr-only">{t('capture.artifacts')}</caption>
          <thead>
            <tr><th scope="col">{t('capture.file')}</th><th scope="col">{t('capture.size')}</th><th scope="col">SHA-256</th></tr>
          </thead>
          <tbody>
            {c.artifacts.map((a) => (
              <tr key={a.name}>
                <td>{a.name}</td>
                <td>{formatBytes(a.bytes)}</td>
                <td><code className="selectable mono hash">{a.sha256}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {c.signer ? <p className="small">{t('capture.signer')} <code className="selectable mono">{c.signer}</code></p> : null}
      <CaptureChecks capture={c} />
      {!running ? (
        <div className="capture-actions" role="group" aria-label={t('capture.actions')}>
          <button type="button" className="btn btn-sm" onClick={onOpenPv} disabled={!hasPv} title={hasPv ? undefined : t('screens.capture.noPv')} data-testid="capture-open-pv">{t('capture.openPv')}</button>
          <button type="button" className="btn btn-sm" onClick={onExport} disabled={!hasPv} title={hasPv ? undefined : t('screens.capture.noPv')} data-testid="capture-export">{t('capture.export')}</button>
          <button type="button" className="btn btn-sm" onClick={onVerify} disabled={c.waczSha256 === null} title={c.waczSha256 === null ? t('screens.capture.noWacz') : undefined} data-testid="capture-verify">{t('capture.verify')}</button>
          {c.upload && c.upload.state !== 'done' && c.upload.state !== 'uploading' ? (
            <button type="button" className="btn btn-sm" onClick={onRetryUpload} data-testid="capture-retry-upload">{t('capture.retryUpload')}</button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** Verification and upload status, in words (colour is never the only signal). */
function CaptureChecks({ capture: c }: { capture: CaptureView }) {
  const { t, i18n } = useTranslation();
  const v = c.verification;
  const u = c.upload;
  return (
    <dl className="fields small">
      <dt>{t('capture.verification')}</dt>
      <dd data-testid="capture-verification" data-ok={v ? String(v.ok) : 'unknown'}>
        {v ? (v.ok ? t('capture.verified', { when: formatDateTime(v.at, i18n.language) }) : t('capture.altered', { problems: v.problems.join(' ; ') })) : t('capture.notVerified')}
      </dd>
      <dt>{t('capture.upload.label')}</dt>
      <dd data-testid="capture-upload" data-state={u?.state ?? 'none'}>
        {u ? t(`capture.upload.${u.state}`, { sent: formatBytes(u.sent), total: formatBytes(u.total), percent: u.total > 0 ? Math.floor((100 * u.sent) / u.total) : 0 }) : t('capture.upload.none')}
        {u?.error ? <span className="muted"> — {u.error}</span> : null}
        {u?.state === 'waiting' && u.nextAt ? <span className="muted"> {t('capture.upload.next', { when: formatDateTime(u.nextAt, i18n.language) })}</span> : null}
      </dd>
    </dl>
  );
}
