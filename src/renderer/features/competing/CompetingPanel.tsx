import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { CompetingPair } from './CompetingPair';

/**
 * Supervisors: decisions that lost the compare-and-set, each beside the one on the report, to keep or
 * adopt with a reason. Listed from the server (arbitration happens online).
 */
export function CompetingPanel() {
  const { t } = useTranslation();
  const store = useStores().competing;
  const decisions = useStore(store, (s) => s.decisions);
  const loaded = useStore(store, (s) => s.loaded);
  const loading = useStore(store, (s) => s.loading);
  const error = useStore(store, (s) => s.error);
  const busyId = useStore(store, (s) => s.busyId);
  const resolveError = useStore(store, (s) => s.resolveError);
  const outcome = useStore(store, (s) => s.outcome);
  useEffect(() => {
    void store.getState().load();
  }, [store]);
  return (
    <details className="competing" data-testid="competing-panel" open={decisions.length > 0}>
      <summary data-testid="competing-summary">{loaded ? t('competing.title', { count: decisions.length }) : t('competing.titleUnknown')}</summary>
      <div className="competing-body">
        <button type="button" data-testid="competing-reload" onClick={() => void store.getState().load()} disabled={loading}>
          {t('competing.reload')}
        </button>
        {error ? <p className="alert" role="alert" data-testid="competing-load-error">{t('competing.loadError', { message: errorText(t, error) })}</p> : null}
        {outcome ? (
          <p className="notice" role="status" data-testid="competing-outcome" data-status={outcome.reportStatus}>
            {t(outcome.resolution === 'adopt_competing' ? 'competing.adopted' : 'competing.kept', { reference: outcome.reference, status: t(`status.${outcome.reportStatus}`) })}
          </p>
        ) : null}
        {loaded && decisions.length === 0 ? <p className="muted">{t('competing.none')}</p> : null}
        {decisions.map((d) => (
          <CompetingPair
            key={d.id}
            decision={d}
            busy={busyId === d.id}
            error={resolveError?.id === d.id ? errorText(t, resolveError.error) : null}
            onResolve={(resolution, comment) => void store.getState().resolve(d.id, resolution, comment)}
          />
        ))}
      </div>
    </details>
  );
}
