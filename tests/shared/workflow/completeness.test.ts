import { describe, expect, it } from 'vitest';
import { EMPTY_DECISION, type Decision } from '@shared';
import { isDecisionComplete, missingDecisionSteps } from '@shared/workflow/completeness';

const AT = '2026-11-22T09:00:00.000Z';
const complete: Decision = {
  ...EMPTY_DECISION,
  verification: { outcome: 'present', captureIds: [], comment: null, by: 'a', at: AT },
  qualification: { kind: 'offences', offences: [{ id: 'natinf-30736', natinf: '30736', label: 'Provocation directe à un acte de terrorisme' }], by: 'a', at: AT },
  orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale.', urgency: 'normal', attachments: [], duplicateOf: null, by: 'a', at: AT },
};

describe('missingDecisionSteps', () => {
  it('names the steps still missing, in order; closing as out of scope or duplicate needs no qualification; a screening closes alone', () => {
    expect(missingDecisionSteps(undefined)).toEqual(['verification', 'qualification', 'orientation']);
    expect(missingDecisionSteps(EMPTY_DECISION)).toEqual(['verification', 'qualification', 'orientation']);
    expect(missingDecisionSteps(complete)).toEqual([]);
    expect(isDecisionComplete(complete)).toBe(true);
    expect(missingDecisionSteps({ ...complete, verification: null, qualification: null })).toEqual(['verification', 'qualification']);
    const duplicate = { ...complete, verification: null, qualification: null, orientation: { ...complete.orientation!, outcome: 'close_duplicate' as const } };
    expect(missingDecisionSteps(duplicate)).toEqual(['verification']);
    const noOffence = { ...complete, qualification: null, orientation: { ...complete.orientation!, outcome: 'close_no_offence' as const } };
    expect(missingDecisionSteps(noOffence)).toEqual(['qualification']);
    const screened = { ...EMPTY_DECISION, screening: { case: 'emergency' as const, redirection: 'Appelez le 17.', note: null, by: 'a', at: AT } };
    expect(missingDecisionSteps(screened)).toEqual([]);
  });
});
