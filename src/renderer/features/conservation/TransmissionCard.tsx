import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report, TransmissionExport } from '@shared';
import { formatDateTime } from '../../i18n/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useOfficerName } from '../../ui/officers';

export type TransmissionCardProps = {
  report: Report;
  prepared: TransmissionExport | null;
  busy: boolean;
  canAct: boolean;
  onPrepare(): void;
  onTransmit(): void;
};

/**
 * Once decided: prepare the signed package for the recipient (written to the exports folder, with its
 * SHA-256 to read out or compare), then record that it was sent. A transmitted report shows what was sent.
 */
export function TransmissionCard({ report, prepared, busy, canAct, onPrepare, onTransmit }: TransmissionCardProps) {
  const { t, i18n } = useTranslation();
  const name = useOfficerName();
  const [confirming, setConfirming] = useState(false);
  const whyId = useId();
  const sent = report.decision?.transmission ?? null;
  if (report.status !== 'decided' && report.status !== 'transmitted') return null;
  return (
    <section className="decision-step" data-testid="transmission-card" aria-labelledby="transmission-title">
      <h4 id="transmission-title">{t('conservation.transmission.title')}</h4>
      {sent ? (
        <p data-testid="transmission-done">
          {t('conservation.transmission.done', { recipient: sent.recipient, who: name(sent.by), when: formatDateTime(sent.at, i18n.language) })}
          <br />
          <code className="hash">{sent.packageSha256}</code>
        </p>
      ) : null}
      {prepared ? (
        <div data-testid="transmission-prepared">
          <p>{t('conservation.transmission.prepared', { recipient: prepared.recipient, count: prepared.complete })}</p>
          {prepared.partial + prepared.failed > 0 ? (
            <p className="small" data-testid="transmission-incomplete">{t('conservation.transmission.incomplete', { partial: prepared.partial, failed: prepared.failed })}</p>
          ) : null}
          <p className="small">
            <span>{prepared.path}</span>
            <br />
            SHA-256 <code className="hash">{prepared.sha256}</code>
          </p>
          <p className="small muted">{t('conservation.transmission.verify')}</p>
        </div>
      ) : null}
      {canAct ? (
        <div className="btn-group">
          <button type="button" className="btn" data-testid="transmission-prepare" disabled={busy} onClick={onPrepare}>
            {t(report.status === 'transmitted' ? 'conservation.transmission.reexport' : 'conservation.transmission.prepare')}
          </button>
          {report.status === 'decided' ? (
            <button type="button" className="btn btn-primary" data-testid="transmission-send" disabled={busy || !prepared}
              aria-describedby={prepared ? undefined : whyId} title={prepared ? undefined : t('screens.transmission.prepareFirst')} onClick={() => setConfirming(true)}>
              {t('conservation.transmission.send')}
            </button>
          ) : null}
          {report.status === 'decided' && !prepared ? <span id={whyId} className="small muted">{t('screens.transmission.prepareFirst')}</span> : null}
        </div>
      ) : null}
      {confirming && prepared ? (
        <ConfirmDialog
          title={t('screens.confirm.transmitTitle')}
          body={prepared.complete === 0 ? t('screens.confirm.transmitNoCapture', { recipient: prepared.recipient }) : t('screens.confirm.transmitBody', { recipient: prepared.recipient, count: prepared.captures })}
          confirmLabel={t('conservation.transmission.send')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onTransmit();
          }}
        />
      ) : null}
    </section>
  );
}
