import type { Decision } from './decision';

/**
 * The four-eyes rule read from the decision document itself (DESIGN §2.1): each part of a decision
 * records who wrote it, so whoever reviews it (approves, returns, or arbitrates it into effect) is checked
 * against the authors of the decision as it stands, whatever path led there (release and re-claim, an
 * expired lease, a return and resume, a second qualification). Comments and evidence are not parts of
 * the decision; the content check, the qualification, the screening, the orientation and the proposal are.
 */
export const AUTHORED_PARTS = ['verification', 'qualification', 'screening', 'orientation', 'proposal'] as const;
export type AuthoredPart = (typeof AUTHORED_PARTS)[number];

const PART_FR: Record<AuthoredPart, string> = {
  verification: 'la vérification du contenu',
  qualification: 'la qualification',
  screening: 'la clôture hors champ',
  orientation: 'l’orientation',
  proposal: 'la proposition',
};

/** The parts of the decision written by `username`, in the order of the workflow. */
export function partsWrittenBy(d: Decision | undefined | null, username: string): AuthoredPart[] {
  if (!d) return [];
  return AUTHORED_PARTS.filter((p) => d[p]?.by === username);
}

/**
 * Why `reviewer` may not review this decision, in French, or null when they may: they wrote a part of
 * it. A proposal without a recorded author (never written by this version) counts as its holder's.
 */
export function fourEyesProblem(d: Decision | undefined | null, holder: string | null, reviewer: string): string | null {
  const parts = partsWrittenBy(d, reviewer);
  if (!d?.proposal && holder === reviewer && !parts.includes('proposal')) parts.push('proposal');
  if (parts.length === 0) return null;
  return `vous avez rédigé ${listFr(parts.map((p) => PART_FR[p]))} de cette décision ; un autre superviseur doit la revoir (règle des quatre yeux).`;
}

function listFr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1) ?? ''}`;
}

/**
 * A part written again with the same content keeps its author: re-saving a colleague's qualification
 * unchanged does not make it one's own (nor would it let its real author approve it afterwards).
 */
export function keepAuthorIfUnchanged<T extends { by: string; at: string }>(previous: T | null, next: T): T {
  if (!previous) return next;
  return sameContent(previous, next) ? previous : next;
}

function sameContent(a: { by: string; at: string }, b: { by: string; at: string }): boolean {
  const { by: _a, at: _aa, ...ca } = a;
  const { by: _b, at: _bb, ...cb } = b;
  return canonical(ca) === canonical(cb);
}

/** JSON with object keys sorted, so two equal documents compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
