import { describe, expect, it } from 'vitest';
import { REPORT_ACTIONS, REPORT_STATUSES, allowedActions, nextStatus, type ReportAction, type ReportStatus } from '@shared';

// The whole table, written out independently of the implementation: every (status, action) pair
// not listed here must be refused.
const EXPECTED: Array<[ReportStatus | null, ReportAction, ReportStatus]> = [
  [null, 'receive', 'received'],
  ['received', 'claim', 'in_progress'],
  ['in_progress', 'release', 'received'],
  ['in_progress', 'expire', 'received'],
  ['in_progress', 'propose', 'decision_proposed'],
  ['returned', 'propose', 'decision_proposed'],
  ['decision_proposed', 'approve', 'decided'],
  ['decision_proposed', 'return', 'returned'],
  ['returned', 'resume', 'in_progress'],
  ['in_progress', 'close', 'decided'],
  ['decided', 'transmit', 'transmitted'],
];

// Every other (status, action) pair of REPORT_STATUSES × REPORT_ACTIONS, named one by one.
const FORBIDDEN: Array<[ReportStatus | null, ReportAction]> = [null, ...REPORT_STATUSES].flatMap((from) =>
  REPORT_ACTIONS.filter((a) => !EXPECTED.some(([f, x]) => f === from && x === a)).map((a): [ReportStatus | null, ReportAction] => [from, a]),
);

describe('report state machine', () => {
  it.each(FORBIDDEN)('%s --%s--> refused', (from, action) => {
    expect(nextStatus(from, action)).toBeNull();
  });

  it.each(EXPECTED)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('refuses every transition that is not in the table', () => {
    const allowed = new Set(EXPECTED.map(([f, a]) => `${f}:${a}`));
    let refused = 0;
    for (const from of [null, ...REPORT_STATUSES]) {
      for (const action of REPORT_ACTIONS) {
        if (allowed.has(`${from}:${action}`)) continue;
        expect(nextStatus(from, action), `${from} --${action}-->`).toBeNull();
        refused += 1;
      }
    }
    expect(refused).toBe((REPORT_STATUSES.length + 1) * REPORT_ACTIONS.length - EXPECTED.length);
  });

  it('lists the actions a status allows', () => {
    expect(allowedActions('decision_proposed').sort()).toEqual(['approve', 'return']);
    expect(allowedActions('transmitted')).toEqual([]);
  });
});
