import { answers, bounded, PROBE_MS, sleep, type Outcome, type RunContext, type RunResult } from './race';
import { takeRenderings } from './render-phase';
import { autoScroll } from './scroller';

// The browsing part of a capture: navigate, wait for the load within the time budget, scroll, let the
// network settle, take the renderings. Every wait is raced against its phase's deadline and the fatal
// signal (race.ts).

export type { Outcome, RunContext, RunResult } from './race';

/** Resolves once `ready()` holds; stops polling once `over()` does (then it never resolves, by design). */
function pollUntil(ready: () => boolean, everyMs: number, over: () => boolean): Promise<void> {
  return (async () => {
    while (!ready()) {
      if (over()) return new Promise<never>(() => undefined);
      await sleep(everyMs);
    }
  })();
}

async function networkIdle(ctx: RunContext, quietMs: number, until: number): Promise<Outcome> {
  while (Date.now() < until) {
    if (ctx.recorder.inFlight === 0 && Date.now() - ctx.recorder.lastActivity >= quietMs) return { kind: 'ok' };
    const r = await bounded(ctx, sleep(100), until);
    if (!('v' in r)) return r;
  }
  return { kind: 'timeout' };
}

type Navigation = { loaderId: string | null; error: string | null; outcome: Outcome };

async function navigate(ctx: RunContext, url: string): Promise<Navigation> {
  const page = ctx.session.page;
  const loaded = new Promise<void>((resolve) => page.on('Page.loadEventFired', () => resolve()));
  ctx.step('Chargement de la page');
  // Page.navigate may only answer once a non-HTML target (PDF) is handed to its viewer: the navigation is
  // followed through the recorder instead, and the answer only used for its error.
  const nav = page.send('Page.navigate', { url }).catch((e: unknown) => ({ errorText: String(e), loaderId: undefined }));
  const rec = ctx.recorder;
  let over = false; // the polls below end with the navigation, whatever ended it
  try {
    const started = pollUntil(() => rec.mainLoaderId !== null, 50, () => over);
    const first = await bounded(ctx, Promise.race([nav, started.then(() => null)]));
    if (!('v' in first)) return { loaderId: rec.mainLoaderId, error: null, outcome: first };
    if (first.v?.errorText) return { loaderId: first.v.loaderId ?? rec.mainLoaderId, error: first.v.errorText, outcome: { kind: 'ok' } };
    const failed = nav.then((r) => (r.errorText ? r.errorText : new Promise<never>(() => undefined)));
    const nonHtml = pollUntil(() => !!(rec.mainLoaderId && rec.finishedNonHtmlDocument(rec.mainLoaderId)), 100, () => over);
    const load = await bounded(ctx, Promise.race([loaded.then(() => null), nonHtml.then(() => null), failed]));
    const loaderId = rec.mainLoaderId;
    if (!('v' in load)) return { loaderId, error: null, outcome: load };
    return { loaderId, error: load.v, outcome: { kind: 'ok' } };
  } finally {
    over = true;
  }
}

export async function browse(ctx: RunContext, url: string, scrollBudgetMs: number, maxHeight: number): Promise<RunResult> {
  const result: RunResult = { loaderId: null, navigationError: null, outcome: { kind: 'ok' }, renderings: [], missing: [], stuck: false, scroller: '', title: '' };
  const nav = await navigate(ctx, url);
  result.loaderId = nav.loaderId;
  result.navigationError = nav.error;
  result.outcome = nav.outcome;
  if (nav.outcome.kind === 'fatal') return result;
  if (nav.outcome.kind === 'ok' && !nav.error) {
    const idle = await networkIdle(ctx, 500, Math.min(ctx.deadline, Date.now() + 3_000));
    if (idle.kind === 'fatal') return { ...result, outcome: idle };
    const alive = await answers(ctx, Math.min(PROBE_MS, Math.max(1_000, ctx.deadline - Date.now())));
    if (alive.kind === 'fatal') return { ...result, outcome: alive };
    result.stuck = alive.kind === 'timeout';
    if (alive.kind === 'ok') {
      ctx.step('Défilement automatique');
      const scrollUntil = Math.min(ctx.deadline, Date.now() + scrollBudgetMs);
      const scrolled = await bounded(ctx, autoScroll(ctx.session.page, Math.max(0, scrollUntil - Date.now())), scrollUntil + 2_000);
      if ('v' in scrolled) result.scroller = scrolled.v.scroller;
      else if (scrolled.kind === 'fatal') return { ...result, outcome: scrolled };
      const settled = await networkIdle(ctx, 500, Math.min(ctx.deadline, Date.now() + 2_000));
      if (settled.kind === 'fatal') return { ...result, outcome: settled };
    }
    if (Date.now() >= ctx.deadline) result.outcome = { kind: 'timeout' };
  }
  await takeRenderings(ctx, result, maxHeight);
  return result;
}
