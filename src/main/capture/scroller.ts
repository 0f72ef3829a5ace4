import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { CdpSession } from './cdp';
import { within } from './within';

// Lazy pages load their content while scrolled. Two passes within the scroll budget: first a bounded
// viewport-by-viewport scroll of ours to the bottom (this is what IntersectionObserver-based lazy loading
// needs: browsertrix's autoscroll only starts on pages that have scroll listeners), then
// browsertrix-behaviors' autoscroll (a self-contained script: nothing fetched to run it) for infinite feeds.
// The page is scrolled back to the top before the renderings.

export const SCROLLER_NAME = 'défilement borné + browsertrix-behaviors autoscroll';

let script: Promise<string> | null = null;
function behaviorsScript(): Promise<string> {
  script ??= fs.readFile(createRequire(import.meta.url).resolve('browsertrix-behaviors/dist/behaviors.js'), 'utf8');
  return script;
}

const STEPWISE = (budgetMs: number) => `(async () => {
  const end = Date.now() + ${budgetMs};
  const startHeight = document.documentElement.scrollHeight;
  let reachedEnd = false;
  while (Date.now() < end) {
    window.scrollBy(0, Math.max(200, window.innerHeight * 0.9));
    await new Promise((r) => setTimeout(r, 60));
    if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2) {
      await new Promise((r) => setTimeout(r, 300)); // let the last lazy block arrive before deciding
      if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2) { reachedEnd = true; break; }
    }
  }
  return reachedEnd && document.documentElement.scrollHeight === startHeight ? 'stable' : 'grew';
})()`;

/** The string the expression resolved to, '' if it failed, or null past the time limit. */
async function evaluateWithin(page: CdpSession, expression: string, ms: number): Promise<string | null> {
  const run = page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, includeCommandLineAPI: true });
  const value = (r: { result: { value?: unknown } }) => (typeof r.result.value === 'string' ? r.result.value : '');
  const r = await within(run.then(value, () => ''), ms);
  return r === 'timeout' ? null : r;
}

/** Returns which scrollers ran and whether they finished inside the budget. */
export async function autoScroll(page: CdpSession, budgetMs: number): Promise<{ scroller: string; finished: boolean }> {
  const end = Date.now() + budgetMs;
  const first = await evaluateWithin(page, STEPWISE(Math.floor((budgetMs * 2) / 3)), Math.floor((budgetMs * 2) / 3) + 1_000);
  let scroller = 'défilement borné (page stable : autoscroll browsertrix inutile)';
  let finished = first !== null;
  // A page that reached its end without growing has nothing left to load: the second pass would only spend
  // its budget. Otherwise (infinite feed, scroll-driven loading) browsertrix takes over.
  if (first !== 'stable') {
    try {
      await page.send('Runtime.evaluate', { expression: await behaviorsScript() });
      const left = Math.max(0, end - Date.now());
      const opts = { autoscroll: true, autoplay: false, autofetch: false, siteSpecific: false, timeout: left, log: false };
      const expr = `(async () => { self.__bx_behaviors.init(${JSON.stringify(opts)}); await self.__bx_behaviors.run(); return 'done'; })()`;
      finished = (await evaluateWithin(page, expr, left + 1_000)) !== null && finished;
      scroller = SCROLLER_NAME;
    } catch {
      // The page broke the script's globals: the first pass already scrolled it.
    }
  }
  await page.send('Runtime.evaluate', { expression: 'window.scrollTo(0, 0)' }).catch(() => undefined);
  return { scroller, finished };
}
