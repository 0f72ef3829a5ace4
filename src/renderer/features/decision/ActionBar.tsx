import { useId } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { Report } from '@shared';
import { useStores } from '../../app/stores';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useToast } from '../../ui/Toasts';
import { readiness } from './readiness';

export type ActionBarProps = { report: Report; confirming: boolean; onConfirming(on: boolean): void };

/**
 * Always at the bottom of the report: how many decision steps are done, what is still missing, and
 * "Soumettre à validation", which asks for confirmation (a proposal cannot be taken back). A disabled
 * button says why, in its title and through aria-describedby.
 */
export function ActionBar({ report, confirming, onConfirming }: ActionBarProps) {
  const { t } = useTranslation();
  const stores = useStores();
  const toast = useToast();
  const user = useStore(stores.session, (s) => s.session?.user ?? null);
  const busy = useStore(stores.decision, (s) => s.busy);
  const why = useId();
  const r = readiness(t, report, user);
  const submit = async (): Promise<void> => {
    onConfirming(false);
    const next = await stores.decision.getState().run('report.propose', { id: report.id });
    if (next) {
      stores.report.getState().show(next);
      toast.show(t('screens.toast.submitted', { reference: report.reference }));
    }
  };
  return (
    <footer className="action-bar" data-testid="action-bar" aria-label={t('screens.actionBar.label')}>
      <span className="progress" data-testid="steps-progress">{t('screens.actionBar.progress', { done: r.done, total: r.total })}</span>
      {r.blocker ? (
        <span className="missing" id={why} data-testid="proposal-problem">{r.blocker}</span>
      ) : (
        <span className="ready" id={why}>{t('screens.actionBar.ready')}</span>
      )}
      <span className="spacer" />
      {r.editable ? (
        <button type="button" className="btn btn-primary" data-testid="proposal-submit" aria-keyshortcuts="s" aria-describedby={why}
          title={r.blocker ?? undefined} disabled={busy || r.blocker !== null} onClick={() => onConfirming(true)}>
          {t('workflow.proposal.submit')}
        </button>
      ) : null}
      {confirming && r.editable && !r.blocker ? (
        <ConfirmDialog title={t('screens.confirm.submitTitle')} body={t('screens.confirm.submitBody', { reference: report.reference })}
          confirmLabel={t('workflow.proposal.submit')} onCancel={() => onConfirming(false)} onConfirm={() => void submit()} />
      ) : null}
    </footer>
  );
}
