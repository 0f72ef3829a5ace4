import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { Alert } from '../../ui/Alert';
import type { EnrolmentInput } from './store';
import { enrolmentProblem, type EnrolmentProblem } from './validate';

export type EnrolmentFormProps = {
  initial: EnrolmentInput;
  demo: boolean;
  busy: boolean;
  error: string | null;
  onSubmit: (input: EnrolmentInput) => void;
};

export function EnrolmentForm({ initial, demo, busy, error, onSubmit }: EnrolmentFormProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<EnrolmentInput>(initial);
  const [problem, setProblem] = useState<EnrolmentProblem | null>(null);
  const field = (k: keyof EnrolmentInput) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = { serverUrl: form.serverUrl.trim(), fingerprint: form.fingerprint.trim(), code: form.code.trim(), deviceName: form.deviceName.trim() };
    const found = enrolmentProblem(input);
    setProblem(found);
    if (!found) onSubmit(input);
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="intro">{t('enrolment.intro')}</p>
      {demo ? (
        <p className="notice" role="note">
          {t('enrolment.demoNotice')}
        </p>
      ) : null}
      <Field label={t('enrolment.serverUrl')} testId="enrol-server-url" type="url" value={form.serverUrl} onChange={field('serverUrl')} autoFocus required disabled={busy} mono />
      <Field label={t('enrolment.fingerprint')} testId="enrol-fingerprint" value={form.fingerprint} onChange={field('fingerprint')} help={t('enrolment.fingerprintHelp')} required disabled={busy} mono />
      <Field label={t('enrolment.code')} testId="enrol-code" value={form.code} onChange={field('code')} help={t('enrolment.codeHelp')} required disabled={busy} mono />
      <Field label={t('enrolment.deviceName')} testId="enrol-device-name" value={form.deviceName} onChange={field('deviceName')} required disabled={busy} />
      <Alert testId="enrol-error" message={problem ? t(`enrolment.invalid.${problem}`) : error} />
      <button type="submit" className="primary" data-testid="enrol-submit" disabled={busy}>
        {busy ? t('enrolment.working') : t('enrolment.submit')}
      </button>
    </form>
  );
}
