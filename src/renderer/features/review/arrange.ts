import type { Category, OrientationOutcome, QueueRow, Report, Urgency } from '@shared';
import { URGENCIES } from '@shared';
import { isDecisionComplete } from '@shared/workflow/completeness';

/** How the supervisor orders the proposals: longest waiting first (default), most urgent, highest priority. */
export const REVIEW_SORTS = ['waiting', 'urgency', 'priority'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
export type ReviewFilter = { category: Category | null; urgency: Urgency | null; outcome: OrientationOutcome | null; incompleteOnly: boolean };

/** When the proposal was made (the report's reception when the proposal is not known yet). */
export function proposedAt(row: QueueRow, detail: Report | undefined): string {
  return detail?.decision?.proposal?.at ?? row.receivedAt;
}

const urgencyRank = (d: Report | undefined): number => {
  const u = d?.decision?.orientation?.urgency;
  return u ? URGENCIES.indexOf(u) : -1;
};

/** The proposals shown: filtered, then sorted; ties keep the oldest first. Pure, for the list and for j/k. */
export function arrangeProposals(rows: readonly QueueRow[], details: Readonly<Record<string, Report>>, sort: ReviewSort, f: ReviewFilter): QueueRow[] {
  const kept = rows.filter((row) => {
    const d = details[row.id];
    if (f.category && row.category !== f.category) return false;
    if (f.urgency && d?.decision?.orientation?.urgency !== f.urgency) return false;
    if (f.outcome && d?.decision?.orientation?.outcome !== f.outcome) return false;
    if (f.incompleteOnly && (!d || isDecisionComplete(d.decision))) return false;
    return true;
  });
  const waiting = (a: QueueRow, b: QueueRow): number => proposedAt(a, details[a.id]).localeCompare(proposedAt(b, details[b.id]));
  return kept.sort((a, b) => {
    switch (sort) {
      case 'waiting':
        return waiting(a, b);
      case 'urgency':
        return urgencyRank(details[b.id]) - urgencyRank(details[a.id]) || waiting(a, b);
      case 'priority':
        return b.priority - a.priority || waiting(a, b);
      default: {
        const never: never = sort;
        return never;
      }
    }
  });
}
