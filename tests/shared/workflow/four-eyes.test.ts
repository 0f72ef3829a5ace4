import { describe, expect, it } from 'vitest';
import { EMPTY_DECISION, fourEyesProblem, keepAuthorIfUnchanged, partsWrittenBy, type Decision } from '@shared';

/** The four-eyes rule of the shared planner, read from the authors the decision document records. */
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-01T11:00:00.000Z';
const qualification = (by: string, label = 'Apologie du terrorisme') => ({ kind: 'offences' as const, offences: [{ id: 'ter-1', natinf: null, label }], by, at });
const orientation = (by: string) => ({
  outcome: 'central_office' as const, serviceId: 'sdat', justification: 'Compétence nationale.', urgency: 'urgent' as const, attachments: [], duplicateOf: null, by, at,
});
const decision = (over: Partial<Decision>): Decision => ({ ...EMPTY_DECISION, ...over });

describe('four-eyes from the decision’s authors', () => {
  const d = decision({
    verification: { outcome: 'present', captureIds: [], comment: null, by: 'sup', at },
    qualification: qualification('sup'),
    orientation: orientation('ana'),
    proposal: { by: 'ana', at },
    review: { verdict: 'returned', by: 'sup2', at, comment: 'À revoir.' },
    comments: [{ kind: 'comment', by: 'sup3', at, text: 'Vu.' }],
  });

  it('names every part a reviewer wrote, and nobody else’s', () => {
    expect(partsWrittenBy(d, 'sup')).toEqual(['verification', 'qualification']);
    expect(fourEyesProblem(d, 'ana', 'sup')).toBe('vous avez rédigé la vérification du contenu et la qualification de cette décision ; un autre superviseur doit la revoir (règle des quatre yeux).');
    expect(fourEyesProblem(d, 'ana', 'ana')).toContain('l’orientation et la proposition');
  });

  it('a review or a comment is not a part of the decision', () => {
    expect(fourEyesProblem(d, 'ana', 'sup2')).toBeNull();
    expect(fourEyesProblem(d, 'ana', 'sup3')).toBeNull();
  });

  it('a proposal without a recorded author is its holder’s', () => {
    expect(fourEyesProblem(decision({ orientation: orientation('ana') }), 'sup', 'sup')).toContain('la proposition');
    expect(fourEyesProblem(undefined, 'sup', 'sup')).toContain('la proposition');
    expect(fourEyesProblem(undefined, null, 'sup')).toBeNull();
  });

  it('a part saved again unchanged keeps its author; a changed one is its new writer’s', () => {
    const mine = qualification('sup');
    expect(keepAuthorIfUnchanged(mine, { ...qualification('ana'), at: later })).toBe(mine);
    expect(keepAuthorIfUnchanged(mine, qualification('ana', 'Provocation au terrorisme'))).toMatchObject({ by: 'ana' });
    expect(keepAuthorIfUnchanged(null, qualification('ana'))).toMatchObject({ by: 'ana' });
    // Key order does not make two equal parts different.
    const { urgency, ...rest } = orientation('ana');
    expect(keepAuthorIfUnchanged(orientation('sup'), { urgency, ...rest })).toMatchObject({ by: 'sup' });
  });
});
