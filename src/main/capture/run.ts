import type { BrowserSession } from './cdp';
import type { CaptureLog } from './log';
import type { NetworkRecorder } from './recorder';
import * as render from './renderings';
import type { Rendering } from './renderings';
import { autoScroll } from './scroller';

// The browsing part of a capture: navigate, wait for the load within the time budget, scroll, let the
// network settle, take the renderings. Every wait is raced against the deadline and the fatal signal.

export type Outcome = { kind: 'ok' } | { kind: 'timeout' } | { kind: 'fatal'; reason: string };

export type RunContext = {
  session: BrowserSession;
  recorder: NetworkRecorder;
  log: CaptureLog;
  deadline: number;
  fatal: Promise<string>;
  step(label: string): void;
};

export type RunResult = {
  loaderId: string | null;
  navigationError: string | null;
  outcome: Outcome;
  renderings: Rendering[];
  scroller: string;
  title: string;
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Resolve with the value, or 'timeout' at the deadline, or the fatal reason if the browser is lost. */
export async function bounded<T>(ctx: RunContext, p: Promise<T>, until = ctx.deadline): Promise<{ v: T } | Outcome> {
  return Promise.race([
    p.then((v) => ({ v })),
    sleep(until - Date.now()).then((): Outcome => ({ kind: 'timeout' })),
    ctx.fatal.then((reason): Outcome => ({ kind: 'fatal', reason })),
  ]);
}

async function networkIdle(ctx: RunContext, quietMs: number, until: number): Promise<Outcome> {
  while (Date.now() < until) {
    if (ctx.recorder.inFlight === 0 && Date.now() - ctx.recorder.lastActivity >= quietMs) return { kind: 'ok' };
    const r = await bounded(ctx, sleep(100), until);
    if (!('v' in r)) return r;
  }
  return { kind: 'timeout' };
}

async function navigate(ctx: RunContext, url: string): Promise<{ loaderId: string | null; error: string | null; outcome: Outcome }> {
  const page = ctx.session.page;
  const loaded = new Promise<void>((resolve) => page.on('Page.loadEventFired', () => resolve()));
  ctx.step('Chargement de la page');
  // Page.navigate may only answer once a non-HTML target (PDF) is handed to its viewer: the navigation is
  // followed through the recorder instead, and the answer only used for its error.
  const nav = page.send('Page.navigate', { url }).catch((e: unknown) => ({ errorText: String(e), loaderId: undefined }));
  const rec = ctx.recorder;
  const started = (async () => {
    while (!rec.mainLoaderId) await sleep(50);
  })();
  const first = await bounded(ctx, Promise.race([nav, started.then(() => null)]));
  if (!('v' in first)) return { loaderId: rec.mainLoaderId, error: null, outcome: first };
  if (first.v?.errorText) return { loaderId: first.v.loaderId ?? rec.mainLoaderId, error: first.v.errorText, outcome: { kind: 'ok' } };
  const failed = nav.then((r) => (r.errorText ? r.errorText : new Promise<never>(() => undefined)));
  const nonHtml = (async () => {
    while (!(rec.mainLoaderId && rec.finishedNonHtmlDocument(rec.mainLoaderId))) await sleep(100);
  })();
  const load = await bounded(ctx, Promise.race([loaded.then(() => null), nonHtml.then(() => null), failed]));
  const loaderId = rec.mainLoaderId;
  if (!('v' in load)) return { loaderId, error: null, outcome: load };
  return { loaderId, error: load.v, outcome: { kind: 'ok' } };
}

export async function browse(ctx: RunContext, url: string, scrollBudgetMs: number, maxHeight: number): Promise<RunResult> {
  const result: RunResult = { loaderId: null, navigationError: null, outcome: { kind: 'ok' }, renderings: [], scroller: '', title: '' };
  const nav = await navigate(ctx, url);
  result.loaderId = nav.loaderId;
  result.navigationError = nav.error;
  result.outcome = nav.outcome;
  if (nav.outcome.kind === 'fatal') return result;
  if (nav.outcome.kind === 'ok' && !nav.error) {
    const idle = await networkIdle(ctx, 500, Math.min(ctx.deadline, Date.now() + 3_000));
    if (idle.kind === 'fatal') return { ...result, outcome: idle };
    ctx.step('Défilement automatique');
    const scrollUntil = Math.min(ctx.deadline, Date.now() + scrollBudgetMs);
    const scrolled = await bounded(ctx, autoScroll(ctx.session.page, Math.max(0, scrollUntil - Date.now())), scrollUntil + 2_000);
    if ('v' in scrolled) result.scroller = scrolled.v.scroller;
    else if (scrolled.kind === 'fatal') return { ...result, outcome: scrolled };
    const settled = await networkIdle(ctx, 500, Math.min(ctx.deadline, Date.now() + 2_000));
    if (settled.kind === 'fatal') return { ...result, outcome: settled };
    if (Date.now() >= ctx.deadline) result.outcome = { kind: 'timeout' };
  }
  await takeRenderings(ctx, result, maxHeight);
  return result;
}

/** Renderings are taken even after a timeout (that is the point of a partial capture), each within 15 s. */
async function takeRenderings(ctx: RunContext, result: RunResult, maxHeight: number): Promise<void> {
  const page = ctx.session.page;
  // A page that never finished loading keeps spinning: stop it so the renderings see a stable document. Not
  // after a navigation error: stopping while Chromium commits its error page left the tab without a frame,
  // and every screenshot then went unanswered until its 15 s bound (6 captures in 36 on a loaded machine).
  if (!result.navigationError) await page.send('Page.stopLoading').catch(() => undefined);
  await page.send('Page.bringToFront').catch(() => undefined);
  ctx.step('Rendus : captures d’écran, PDF, MHTML, DOM, texte');
  const steps: [string, () => Promise<Rendering>][] = [
    ['capture pleine page', () => render.fullPageScreenshot(page, maxHeight)],
    ['capture de la fenêtre', () => render.viewportScreenshot(page)],
    ['PDF', () => render.pdf(page)],
    ['MHTML', () => render.mhtml(page)],
    ['DOM', () => render.domSnapshot(page)],
    ['texte', () => render.visibleText(page)],
  ];
  for (const [label, take] of steps) {
    const r = await bounded(ctx, take(), Date.now() + 15_000).catch((e: unknown) => e);
    if (r && typeof r === 'object' && 'v' in r) result.renderings.push(r.v as Rendering);
    else if (r && typeof r === 'object' && 'kind' in r && (r as Outcome).kind === 'fatal') {
      result.outcome = r as Outcome;
      return;
    } else ctx.log.event('step-error', `${label} : ${r instanceof Error ? r.message : 'délai dépassé'}`);
  }
  const t = await page.send('Runtime.evaluate', { expression: 'document.title', returnByValue: true }).catch(() => null);
  result.title = typeof t?.result.value === 'string' ? t.result.value : '';
}
