import type { Decision } from './decision';

/**
 * The three decision steps a proposal needs before it may go to review, and before a supervisor may
 * approve it: the content was checked (vérification), the facts are named in law (qualification) and
 * the case has a destination (orientation). Pure: the workstation's screens show what is missing from
 * it, and the shared plan may refuse with the same list, so the screen and the server never disagree.
 */
export const DECISION_STEPS = ['verification', 'qualification', 'orientation'] as const;
export type DecisionStep = (typeof DECISION_STEPS)[number];

/** Closing as out of scope or as a duplicate needs no qualification (there is nothing to qualify). */
const NO_QUALIFICATION_NEEDED = ['close_out_of_scope', 'close_duplicate'] as const;

/** The steps not yet recorded, in the order an officer does them (empty when the proposal is complete). */
export function missingDecisionSteps(d: Pick<Decision, 'verification' | 'qualification' | 'orientation' | 'screening'> | null | undefined): DecisionStep[] {
  // A scope screening closes the report on its own: the redirection replaces the three steps.
  if (d?.screening) return [];
  const outcome = d?.orientation?.outcome;
  const qualificationOptional = outcome !== undefined && (NO_QUALIFICATION_NEEDED as readonly string[]).includes(outcome);
  return DECISION_STEPS.filter((step) => {
    switch (step) {
      case 'verification':
        return !d?.verification;
      case 'qualification':
        return !d?.qualification && !qualificationOptional;
      case 'orientation':
        return !d?.orientation;
      default: {
        const never: never = step;
        return never;
      }
    }
  });
}

const STEP_FR: Record<DecisionStep, string> = {
  verification: 'la vérification du contenu',
  qualification: 'la qualification juridique',
  orientation: 'l’orientation',
};

/**
 * The missing steps in French ("il manque la vérification du contenu et l’orientation."), or null when
 * none is missing: the reason the shared plan gives when it refuses a proposal or its approval.
 */
export function missingStepsProblem(d: Parameters<typeof missingDecisionSteps>[0]): string | null {
  const missing = missingDecisionSteps(d).map((s) => STEP_FR[s]);
  if (missing.length === 0) return null;
  const list = missing.length === 1 ? missing.join('') : `${missing.slice(0, -1).join(', ')} et ${missing.at(-1) ?? ''}`;
  return `il manque ${list}.`;
}

/** The proposal has all its steps. */
export const isDecisionComplete = (d: Parameters<typeof missingDecisionSteps>[0]): boolean => missingDecisionSteps(d).length === 0;
