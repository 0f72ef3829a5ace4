import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stores } from '../../app/stores';
import { focusKind } from '../queue/keyboard';
import { triageCommand, type TriageCommand } from './shortcuts';
import { readiness } from './readiness';

/** What `s` does: ask to confirm a ready proposal, or say what is still missing. */
export type SubmitHooks = { askSubmit(): void; tellMissing(text: string): void };

/** Focuses the first control of a workspace step (qualification, orientation). */
function focusStep(id: string): void {
  const step = document.getElementById(id);
  step?.querySelector<HTMLElement>('select, input, textarea, button')?.focus();
  step?.scrollIntoView?.({ block: 'nearest' });
}

/**
 * Document-level triage keys (see shortcuts.ts). On the review screen j/k move through the proposals;
 * on the queue the queue's own keys do.
 */
export function useTriageKeyboard(stores: Pick<Stores, 'report' | 'decision' | 'session' | 'review'>, toggleHelp: () => void, submit: SubmitHooks): void {
  const { t } = useTranslation();
  const { askSubmit, tellMissing } = submit;
  useEffect(() => {
    function run(cmd: TriageCommand): boolean {
      const report = stores.report.getState().report;
      const user = stores.session.getState().session?.user;
      const reviewing = stores.review.getState().active;
      switch (cmd) {
        case 'help':
          toggleHelp();
          return true;
        case 'next':
        case 'previous':
          if (!reviewing) return false;
          stores.review.getState().move(cmd === 'next' ? 1 : -1);
          return true;
        case 'claim':
          if (reviewing || report?.status !== 'received') return false;
          void stores.report.getState().act('claim');
          return true;
        case 'qualify':
          if (reviewing || !report) return false;
          focusStep('decision-qualification');
          return true;
        case 'orient':
          if (reviewing || !report) return false;
          focusStep('decision-orientation');
          return true;
        case 'submit': {
          if (reviewing || !report) return false;
          // Never silent: with nothing ready, `s` says what is missing; when ready, it asks to confirm.
          const r = readiness(t, report, user);
          if (r.blocker) tellMissing(r.blocker);
          else askSubmit();
          return true;
        }
        default: {
          const never: never = cmd;
          return never;
        }
      }
    }
    function onKey(e: KeyboardEvent): void {
      const cmd = triageCommand({ key: e.key, focus: focusKind(document.activeElement, null), modifier: e.ctrlKey || e.metaKey || e.altKey });
      if (cmd && run(cmd)) e.preventDefault();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [stores, toggleHelp, t, askSubmit, tellMissing]);
}
