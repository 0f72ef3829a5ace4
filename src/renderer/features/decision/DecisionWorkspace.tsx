import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { InputOf, Report } from '@shared';
import { missingDecisionSteps, DECISION_STEPS } from '@shared/workflow/completeness';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { useToast } from '../../ui/Toasts';
import { canEditDecision } from './readiness';
import type { DecisionMethod } from './store';
import { VerificationForm } from './VerificationForm';
import { captureChoices } from './CapturePicker';
import { QualificationForm } from './QualificationForm';
import { ScreeningForm } from './ScreeningForm';
import { OrientationForm } from './OrientationForm';
import { ProposalStatus } from './ProposalStatus';
import { CommentThread } from './CommentThread';

/** No capture made here for this report (one array, so the store selector stays stable). */
const EMPTY: never[] = [];

/**
 * The analyst's workspace on the open report: verification, qualification, scope screening,
 * orientation and submission for review, then the review thread. Every change is recorded on this
 * workstation at once (offline too) and shown as the report now stands.
 */
export function DecisionWorkspace({ report }: { report: Report }) {
  const { t } = useTranslation();
  const stores = useStores();
  const decision = stores.decision;
  const user = useStore(stores.session, (s) => s.session?.user ?? null);
  const directory = useStore(decision, (s) => s.directory);
  const busy = useStore(decision, (s) => s.busy);
  const error = useStore(decision, (s) => s.error);
  const toast = useToast();
  // The capture panel beside this workspace loads the open report's captures made here.
  const localCaptures = useStore(stores.capture, (s) => (s.reportId === report.id ? s.captures : EMPTY));
  const thumbnails = useStore(stores.capture, (s) => s.thumbnails);
  useEffect(() => {
    void decision.getState().loadDirectory();
    decision.getState().reset();
  }, [decision, report.id]);

  const run = async <M extends DecisionMethod>(method: M, input: InputOf<M>): Promise<void> => {
    const next = await decision.getState().run(method, input);
    if (!next) return;
    stores.report.getState().show(next);
    // Said where the officer acted, then gone: the step's card shows what is now recorded.
    toast.show(t(`screens.toast.saved.${method}`, { defaultValue: t('workflow.workspace.saved') }), { testId: 'decision-saved' });
  };
  const officer = user?.role === 'analyst' || user?.role === 'supervisor';
  const editable = canEditDecision(report, user);
  const d = report.decision;
  const missing = missingDecisionSteps(d);
  const id = report.id;
  // Forms keep what is typed until saved; a new version of the report (sync, another change) resets them.
  const formKey = `${id}:${report.updatedAt}`;

  return (
    <section className="decision" aria-labelledby="decision-title" data-testid="decision-workspace">
      <h3 id="decision-title">{t('workflow.workspace.title')}</h3>
      <ProposalStatus report={report} canResume={officer && report.claimedBy === user?.username} onResume={() => void run('report.resume', { id })} />
      {!editable && report.status === 'received' ? <p className="muted small">{t('workflow.workspace.readOnly')}</p> : null}
      {error ? <p className="alert" role="alert" data-testid="decision-error">{errorText(t, error)}</p> : null}
      <ol className="steps" aria-label={t('screens.steps.label')} data-testid="decision-steps">
        {DECISION_STEPS.map((step, i) => (
          <li key={step}>
            <a href={`#decision-${step}`} data-done={!missing.includes(step)} data-testid={`step-${step}`}>
              <span className="num">{i + 1}</span> {t(`screens.steps.${step}`)}
              <span className="sr-only"> — </span>
              <span className="small">{t(missing.includes(step) ? 'screens.steps.todo' : 'screens.steps.done')}</span>
            </a>
          </li>
        ))}
      </ol>
      <VerificationForm key={`v:${formKey}`} verification={d?.verification ?? null} disabled={!editable || busy}
        captures={captureChoices(localCaptures, report.captures ?? [], thumbnails)}
        onSave={(outcome, captureIds, comment) => {
          // A failed or partial capture as proof of "contenu présent": the form saves it only once the officer
          // ticked the confirmation, which the API requires.
          const states = new Map<string, string>([...(report.captures ?? []).map((c) => [c.captureId, c.state] as const), ...localCaptures.map((c) => [c.id, c.state] as const)]);
          const incomplete = outcome === 'present' && captureIds.some((c) => states.get(c) === 'failed' || states.get(c) === 'partial');
          void run('report.verify', { id, outcome, captureIds, ...(comment ? { comment } : {}), ...(incomplete ? { confirmIncomplete: true } : {}) });
        }} />
      <QualificationForm key={`q:${formKey}`} qualification={d?.qualification ?? null} category={report.category} disabled={!editable || busy} onSave={(qualification) => void run('report.qualify', { id, qualification })} />
      {editable ? <ScreeningForm key={`s:${formKey}`} disabled={busy} onClose={(c, note) => void run('report.screenOut', { id, case: c, ...(note ? { note } : {}) })} /> : null}
      <OrientationForm key={`o:${formKey}`} report={report} orientation={d?.orientation ?? null} services={directory?.services ?? []} disabled={!editable || busy}
        onSave={(orientation) => void run('report.orient', { id, orientation })} />
      <CommentThread comments={d?.comments ?? []} canComment={officer} onSend={(text) => void run('report.comment', { id, text })} />
    </section>
  );
}
