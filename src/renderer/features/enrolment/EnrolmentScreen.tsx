import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { WorkstationSettings } from '@shared';
import { useStores } from '../../app/stores';
import { GatePanel } from '../../ui/GatePanel';
import { EnrolmentForm } from './EnrolmentForm';
import { enrolmentErrorText } from './messages';
import type { EnrolmentInput } from './store';

/** Pre-fill: what the workstation already knows, else the demo server's values when there is one. */
export function initialEnrolment(s: WorkstationSettings | null): EnrolmentInput {
  return {
    serverUrl: s?.serverUrl ?? s?.demo?.serverUrl ?? '',
    fingerprint: s?.serverFingerprint ?? s?.demo?.fingerprint ?? '',
    code: s?.demo?.enrolmentCode ?? '',
    deviceName: s?.deviceName ?? 'Poste PHAROS',
  };
}

export function EnrolmentScreen() {
  const { t } = useTranslation();
  const store = useStores().enrolment;
  const settings = useStore(store, (s) => s.settings);
  const busy = useStore(store, (s) => s.busy);
  const error = useStore(store, (s) => s.error);
  return (
    <GatePanel title={t('enrolment.title')} wide>
      <EnrolmentForm initial={initialEnrolment(settings)} demo={!!settings?.demo} busy={busy} error={enrolmentErrorText(t, error)} onSubmit={(i) => void store.getState().enrol(i)} />
    </GatePanel>
  );
}
