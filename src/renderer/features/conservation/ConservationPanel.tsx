import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { mayPreserve, type Report } from '@shared';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { PreservationForm } from './PreservationForm';
import { PreservationList } from './PreservationList';
import { TransmissionCard } from './TransmissionCard';

/**
 * Step 3 (conservatory measures) and the transmission of the decided case, on the open report. Each
 * action is recorded on this workstation (offline too); the documents go to the exports folder.
 */
export function ConservationPanel({ report }: { report: Report }) {
  const { t } = useTranslation();
  const stores = useStores();
  const store = stores.conservation;
  const user = useStore(stores.session, (s) => s.session?.user ?? null);
  const { busy, error, file, prepared } = useStore(store);
  useEffect(() => store.getState().reset(), [store, report.id]);

  const officer = user?.role === 'analyst' || user?.role === 'supervisor';
  // The planning's own rule, so the form is offered exactly when the change can succeed.
  const canPreserve = officer && user !== null && mayPreserve(report, user, new Date());
  const show = (next: Report | null): void => {
    if (next) stores.report.getState().show(next);
  };
  const id = report.id;

  return (
    <section className="decision" aria-labelledby="conservation-title" data-testid="conservation-panel">
      <h3 id="conservation-title">{t('conservation.title')}</h3>
      {error ? <p className="alert" role="alert" data-testid="conservation-error">{errorText(t, error)}</p> : null}
      {file ? (
        <p className="small" role="status" data-testid="conservation-file">
          {t('conservation.written', { path: file.path })} — SHA-256 <code className="hash">{file.sha256}</code>
        </p>
      ) : null}
      <PreservationList
        preservations={report.decision?.preservations ?? []}
        canUpdate={canPreserve}
        onStatus={(requestId, status) => void store.getState().setStatus({ id, requestId, status }).then(show)}
        onExport={(requestId) => void store.getState().exportPdf({ id, requestId })}
      />
      {canPreserve ? (
        <PreservationForm
          key={report.id}
          disabled={busy}
          onRequest={(channel, host, durationDays) => void store.getState().request({ id, channel, host, durationDays }).then(show)}
        />
      ) : null}
      <TransmissionCard
        report={report}
        prepared={prepared?.reportId === id ? prepared : null}
        busy={busy}
        canAct={officer}
        onPrepare={() => void store.getState().prepare(id)}
        onTransmit={() => {
          // Reached only through the card's confirmation, which says so when no capture is complete (the
          // workstation refuses such a transmission without this confirmation).
          const none = prepared?.reportId === id && prepared.complete === 0;
          void store.getState().transmit(id, none).then(show);
        }}
      />
    </section>
  );
}
