import type { Report } from '@shared/domain/report';
import type { IncompleteCaptures } from '@shared/workflow/decision';
import { KindedError } from '@shared/result';
import type { LocalDb } from '../db';

// What the workstation knows of a report's captures when an officer relies on them: its own rows (made
// here) and what the server recorded (made on another workstation). A capture that did not end complete
// holds no proof that the page was there as reported: relying on one needs the officer's confirmation.

export type KnownCaptureState = 'running' | 'complete' | 'partial' | 'failed';

/** Every capture of the report this workstation knows of, by id, with its state (local rows first). */
export function captureStatesOf(db: LocalDb, report: Report): Map<string, KnownCaptureState> {
  const states = new Map<string, KnownCaptureState>();
  for (const c of report.captures ?? []) states.set(c.captureId, c.state);
  for (const c of db.captures.forReport(report.id)) states.set(c.id, c.state);
  return states;
}

const STATE_FR = { partial: 'capture partielle', failed: 'échec' } as const;

/** The linked captures that are failed or partial. */
export function incompleteAmong(states: Map<string, KnownCaptureState>, ids: readonly string[]): IncompleteCaptures {
  const out: IncompleteCaptures = [];
  for (const id of ids) {
    const state = states.get(id);
    if (state === 'partial' || state === 'failed') out.push({ id, state });
  }
  return out;
}

/**
 * "Contenu présent" shown only by failed or partial captures: refused unless the officer confirmed it
 * (the UI asks), so that it is never recorded by a tick alone. Other outcomes need no confirmation (a
 * failed capture may well be what shows that the content is gone).
 */
export function checkVerificationEvidence(outcome: string, incomplete: IncompleteCaptures, confirmed: boolean): void {
  if (outcome !== 'present' || incomplete.length === 0 || confirmed) return;
  const list = incomplete.map((c) => `${c.id.slice(0, 8)} (${STATE_FR[c.state]})`).join(', ');
  throw new KindedError(
    'validation',
    `Capture non complète liée comme preuve du contenu présent : ${list}. Confirmez explicitement, ou refaites une capture complète.`,
  );
}

/** The report's captures that ended complete (a transmission without one must be confirmed). */
export function completeCount(states: Map<string, KnownCaptureState>): number {
  return [...states.values()].filter((s) => s === 'complete').length;
}
