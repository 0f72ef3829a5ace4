import { z } from 'zod';

/**
 * The report lifecycle (DESIGN §2.1). The server is authoritative; workstations use the same table to
 * offer only the actions that can succeed.
 */
export const REPORT_STATUSES = [
  'received',
  'in_progress',
  'decision_proposed',
  'returned',
  'decided',
  'transmitted',
] as const;
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

export const REPORT_ACTIONS = [
  'receive',
  'claim',
  'release',
  'expire',
  'propose',
  'approve',
  'return',
  'resume',
  'close',
  'transmit',
] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

type Transition = { from: ReportStatus | null; to: ReportStatus };

const TRANSITIONS: Record<ReportAction, readonly Transition[]> = {
  receive: [{ from: null, to: 'received' }],
  claim: [{ from: 'received', to: 'in_progress' }],
  // A released or expired claim puts the report back in the common queue.
  release: [{ from: 'in_progress', to: 'received' }],
  expire: [{ from: 'in_progress', to: 'received' }],
  propose: [
    { from: 'in_progress', to: 'decision_proposed' },
    { from: 'returned', to: 'decision_proposed' },
  ],
  approve: [{ from: 'decision_proposed', to: 'decided' }],
  return: [{ from: 'decision_proposed', to: 'returned' }],
  resume: [{ from: 'returned', to: 'in_progress' }],
  // Out of scope (scope screening): redirected and closed by the analyst without review.
  close: [{ from: 'in_progress', to: 'decided' }],
  transmit: [{ from: 'decided', to: 'transmitted' }],
};

/** The status an action leads to from `from`, or null when the action is not allowed there. */
export function nextStatus(from: ReportStatus | null, action: ReportAction): ReportStatus | null {
  const t = TRANSITIONS[action].find((x) => x.from === from);
  return t ? t.to : null;
}

export function allowedActions(from: ReportStatus): ReportAction[] {
  return REPORT_ACTIONS.filter((a) => nextStatus(from, a) !== null);
}

/** Statuses still waiting for work: what an analyst's queue shows by default. */
export const OPEN_STATUSES: readonly ReportStatus[] = ['received', 'in_progress', 'decision_proposed', 'returned'];
