import type { CaptureState, MissingItem } from '@shared/evidence/provenance';
import { RENDERING_LABELS } from './render-phase';
import { RENDERING_FILES, type RenderingName } from './renderings';
import type { RunResult } from './run';

// The state of a capture, from what it obtained: complete only with every rendering and the archive;
// partial with the list of what is missing and why; failed when the browser was lost or the navigation
// failed (or the capture never ran).

export type Decision = { state: CaptureState; reason: string; missing: MissingItem[] };

const ALL_RENDERINGS = Object.keys(RENDERING_FILES) as RenderingName[];

/** What a complete capture has and this one lacks: every rendering not written, and an unfinished load. */
function missingOf(run: RunResult | null, failure: string | null, sizeExceeded: boolean): MissingItem[] {
  const why = failure ?? 'la capture n’a pas démarré';
  if (!run) return ALL_RENDERINGS.map((n) => ({ item: RENDERING_FILES[n].file, reason: `non tenté : ${why}` }));
  const out: MissingItem[] = [];
  if (run.outcome.kind === 'timeout') out.push({ item: 'chargement complet de la page', reason: 'la page n’avait pas fini de se charger à la fin de la part du budget de temps réservée au chargement' });
  if (sizeExceeded) out.push({ item: 'ressources au-delà du budget de taille', reason: 'refusées une fois le budget de taille atteint' });
  const written = new Set(run.renderings.map((r) => r.name));
  const listed = new Set(run.missing.map((m) => m.item));
  for (const n of ALL_RENDERINGS) {
    const file = RENDERING_FILES[n].file;
    if (!written.has(n) && !listed.has(file)) out.push({ item: file, reason: 'non obtenu' });
  }
  return [...out, ...run.missing];
}

const labelOf = (item: string) => {
  const name = ALL_RENDERINGS.find((n) => RENDERING_FILES[n].file === item);
  return name ? RENDERING_LABELS[name] : item;
};

/** complete only when every rendering and the archive were written; partial lists what is missing. */
export function decideState(run: RunResult | null, failure: string | null, sizeExceeded: boolean): Decision {
  const missing = missingOf(run, failure, sizeExceeded);
  const failed = (reason: string): Decision => ({ state: 'failed', reason, missing });
  if (failure) return failed(failure);
  if (!run) return failed('la capture n’a pas démarré');
  if (run.outcome.kind === 'fatal') return failed(run.outcome.reason);
  if (run.navigationError) return failed(`échec de la navigation : ${run.navigationError}`);
  if (missing.length === 0) return { state: 'complete', reason: '', missing };
  const byReason = new Map<string, string[]>();
  for (const m of missing) byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), labelOf(m.item)]);
  const list = [...byReason].map(([reason, items]) => `${items.join(', ')} (${reason})`).join(' ; ');
  return { state: 'partial', reason: `capture incomplète — manquent : ${list}`, missing };
}
