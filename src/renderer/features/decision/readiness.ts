import type { TFunction } from 'i18next';
import { proposalProblem, type Report, type SessionUser } from '@shared';
import { DECISION_STEPS, missingDecisionSteps } from '@shared/workflow/completeness';

/** Where the open report stands for submission: the steps done, and what still prevents it (in words). */
export type Readiness = { done: number; total: number; blocker: string | null; editable: boolean };

/** Only the officer holding the report, while in progress, submits it. */
export function canEditDecision(report: Report, user: Pick<SessionUser, 'username' | 'role'> | null | undefined): boolean {
  const officer = user?.role === 'analyst' || user?.role === 'supervisor';
  return officer && report.status === 'in_progress' && report.claimedBy === user?.username;
}

/** The steps done and the first thing missing before the proposal can go to review. */
export function readiness(t: TFunction, report: Report, user: Pick<SessionUser, 'username' | 'role'> | null | undefined): Readiness {
  const missing = missingDecisionSteps(report.decision);
  const total = DECISION_STEPS.length;
  const done = total - missing.length;
  const editable = canEditDecision(report, user);
  if (!editable) return { done, total, editable, blocker: t(report.status === 'received' ? 'screens.actionBar.claimFirst' : 'screens.actionBar.notEditable', { status: t(`status.${report.status}`) }) };
  if (missing.length > 0) {
    const list = missing.map((s) => t(`screens.steps.missing.${s}`)).join(', ');
    return { done, total, editable, blocker: t('screens.actionBar.missing', { count: missing.length, list }) };
  }
  // The steps are there; the shared plan may still find them inconsistent (e.g. a transmission with no offence).
  const problem = proposalProblem(report.decision, report.category);
  return { done, total, editable, blocker: problem ? t('workflow.proposal.missing', { problem }) : null };
}
