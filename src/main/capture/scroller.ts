import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { CdpSession } from './cdp';

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
  while (Date.now() < end) {
    window.scrollBy(0, Math.max(200, window.innerHeight * 0.9));
    await new Promise((r) => setTimeout(r, 60));
    if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2) {
      await new Promise((r) => setTimeout(r, 300)); // let the last lazy block arrive before deciding
      if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2) break;
    }
  }
})()`;

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
}

async function evaluateWithin(page: CdpSession, expression: string, ms: number): Promise<boolean> {
  const run = page.send('Runtime.evaluate', { expression, awaitPromise: true, includeCommandLineAPI: true });
  const outcome = await Promise.race([run.then(() => 'done' as const, () => 'done' as const), timeout(ms)]);
  return outcome === 'done';
}

/** Returns which scrollers ran and whether they finished inside the budget. */
export async function autoScroll(page: CdpSession, budgetMs: number): Promise<{ scroller: string; finished: boolean }> {
  const end = Date.now() + budgetMs;
  let finished = await evaluateWithin(page, STEPWISE(Math.floor((budgetMs * 2) / 3)), Math.floor((budgetMs * 2) / 3) + 1_000);
  let scroller = 'défilement borné';
  try {
    await page.send('Runtime.evaluate', { expression: await behaviorsScript() });
    const left = Math.max(0, end - Date.now());
    const opts = { autoscroll: true, autoplay: false, autofetch: false, siteSpecific: false, timeout: left, log: false };
    const expr = `(async () => { self.__bx_behaviors.init(${JSON.stringify(opts)}); await self.__bx_behaviors.run(); })()`;
    finished = (await evaluateWithin(page, expr, left + 1_000)) && finished;
    scroller = SCROLLER_NAME;
  } catch {
    // The page broke the script's globals: the first pass already scrolled it.
  }
  await page.send('Runtime.evaluate', { expression: 'window.scrollTo(0, 0)' }).catch(() => undefined);
  return { scroller, finished };
}
