import type { MissingItem } from '@shared/evidence/provenance';
import { within } from './within';
import * as render from './renderings';
import { RENDERING_FILES, type Rendering, type RenderingName } from './renderings';
import { answers, bounded, PROBE_MS, type Outcome, type RunContext, type RunResult } from './race';

// The renderings, all within what the budget leaves them (RunContext.renderUntil), not within a fixed time
// each. What is not obtained is listed with why: the state of the capture is decided from that list.

export const RENDERING_LABELS: Record<RenderingName, string> = {
  'screenshot-full': 'capture pleine page',
  'screenshot-viewport': 'capture de la fenêtre',
  'page.pdf': 'PDF',
  'page.mhtml': 'MHTML',
  'dom.html': 'DOM',
  'text.txt': 'texte',
};

export const STUCK_REASON = 'la page ne répond plus (un script ne rend pas la main) : rendu abandonné, navigateur arrêté';
const NO_TIME = 'non tenté : budget de temps de la capture épuisé';

const missing = (name: RenderingName, reason: string): MissingItem => ({ item: RENDERING_FILES[name].file, reason });

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Commands that only steady the page before its renderings: a short bound each, their failure is harmless. */
async function steady(ctx: RunContext, result: RunResult): Promise<void> {
  const page = ctx.session.page;
  // A page that never finished loading keeps spinning: stop it so the renderings see a stable document. Not
  // after a navigation error: stopping while Chromium commits its error page left the tab without a frame,
  // and every screenshot then went unanswered (6 captures in 36 on a loaded machine).
  if (!result.navigationError) await within(page.send('Page.stopLoading'), 3_000);
  await within(page.send('Page.bringToFront'), 3_000);
}

/** Renderings are taken even after a load timeout (that is the point of a partial capture). */
export async function takeRenderings(ctx: RunContext, result: RunResult, maxHeight: number): Promise<void> {
  const page = ctx.session.page;
  const steps: [RenderingName, () => Promise<Rendering>][] = [
    ['screenshot-full', () => render.fullPageScreenshot(page, maxHeight)],
    ['screenshot-viewport', () => render.viewportScreenshot(page)],
    ['page.pdf', () => render.pdf(page)],
    ['page.mhtml', () => render.mhtml(page)],
    ['dom.html', () => render.domSnapshot(page)],
    ['text.txt', () => render.visibleText(page)],
  ];
  let skip: string | null = null;
  if (!result.stuck) {
    await steady(ctx, result);
    const alive = await answers(ctx, Math.min(PROBE_MS, Math.max(1_000, ctx.renderUntil - Date.now())));
    if (alive.kind === 'fatal') result.outcome = alive;
    result.stuck = alive.kind === 'timeout';
  }
  if (result.stuck) {
    skip = STUCK_REASON;
    ctx.log.event('step-error', STUCK_REASON);
  } else if (result.outcome.kind === 'fatal') skip = `non tenté : ${result.outcome.reason}`;
  else ctx.step('Rendus : captures d’écran, PDF, MHTML, DOM, texte');
  for (const [name, take] of steps) {
    if (skip || Date.now() >= ctx.renderUntil) {
      result.missing.push(missing(name, skip ?? NO_TIME));
      continue;
    }
    const r = await bounded(ctx, take(), ctx.renderUntil).catch((e: unknown) => new Error(message(e)));
    const why = rendered(r, result);
    if (why === null) continue;
    result.missing.push(missing(name, why));
    ctx.log.event('step-error', `${RENDERING_LABELS[name]} : ${why}`);
    if (result.outcome.kind === 'fatal') skip = `non tenté : ${result.outcome.reason}`;
  }
  if (!skip) {
    const t = await bounded(ctx, page.send('Runtime.evaluate', { expression: 'document.title', returnByValue: true }), Math.max(ctx.renderUntil, Date.now() + 1_000)).catch(() => null);
    result.title = t && 'v' in t && typeof t.v.result.value === 'string' ? t.v.result.value : '';
  }
}

/** Keeps the rendering and answers null, or answers why there is none (a fatal end is kept in the result). */
function rendered(r: { v: Rendering } | Outcome | Error, result: RunResult): string | null {
  if (r instanceof Error) return `échec : ${r.message}`;
  if ('v' in r) {
    result.renderings.push(r.v);
    return null;
  }
  switch (r.kind) {
    case 'timeout':
      return 'pas de réponse du navigateur avant la fin du budget de temps';
    case 'fatal':
      result.outcome = r;
      return r.reason;
    case 'ok':
      return 'aucun rendu obtenu';
  }
}
