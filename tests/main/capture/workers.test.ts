import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumProvider, type BrowserSession } from '../../../src/main/capture';
import { CaptureLog } from '../../../src/main/capture/log';
import { guardWorkers } from '../../../src/main/capture/workers';
import { startSite, type Site } from '../../fixtures/capture/site';

// The worker guard on a bare browser session, without the rest of the capture: what happens to a worker
// that cannot be prepared, to workers of another browser context, and who holds a shared worker.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The text the /workers fixture page shows: one verdict per worker that ran. */
async function stateOf(s: BrowserSession, targetSession = s.page): Promise<string> {
  const r = await targetSession.send('Runtime.evaluate', { expression: `document.getElementById('state')?.textContent ?? ''`, returnByValue: true });
  return typeof r.result.value === 'string' ? r.result.value : '';
}

describe('worker guard', () => {
  let site: Site;
  let s: BrowserSession;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site.close());

  it('never runs a worker it could not prepare in time, and is not held by it', async () => {
    s = await chromiumProvider().open({ viewport: { width: 800, height: 600 } });
    try {
      const log = new CaptureLog();
      await guardWorkers(s, log, async () => undefined, 0); // no preparation can finish in 0 ms
      await s.page.send('Page.navigate', { url: `${site.http}/workers` });
      await sleep(2_000);
      expect(await stateOf(s)).not.toMatch(/script|nested|blob|shared/); // none ran
      const details = log.events.filter((e) => e.kind === 'worker').map((e) => e.detail);
      expect(details).toEqual(expect.arrayContaining([
        expect.stringMatching(/^worker arrêté avant de s’exécuter \(délai dépassé\), laissé en pause jusqu’à la fin de la capture : .*kind=script$/),
        expect.stringMatching(/^worker arrêté avant de s’exécuter \(délai dépassé\) : .*kind=shared$/), // a shared worker can be closed
      ]));
      // Service workers are kept out by the network guard (guard.ts), not started here.
      expect(site.forbiddenHits.filter((h) => !h.includes('service'))).toEqual([]);
    } finally {
      site.forbiddenHits.length = 0;
      const t0 = Date.now();
      await s.close();
      expect(Date.now() - t0).toBeLessThan(6_000);
    }
  });

  it('keeps a shared worker paused until the engine resumes it', async () => {
    s = await chromiumProvider().open({ viewport: { width: 800, height: 600 } });
    try {
      const attached: string[] = [];
      s.control.on('Target.attachedToTarget', (e) => void attached.push(e.sessionId));
      await s.control.send('Target.setAutoAttach', {
        autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter: [{ type: 'shared_worker' }, { exclude: true }],
      });
      await s.page.send('Page.navigate', { url: `${site.http}/style.css` });
      await sleep(500);
      await s.page.send('Runtime.evaluate', { expression: `new SharedWorker('/ws-worker.js?kind=shared'); 0` });
      await sleep(1_500);
      expect(attached).toHaveLength(1);
      expect(site.forbiddenHits).toEqual([]); // still paused: its socket attempt has not run
      await s.child(attached[0] ?? '')?.send('Runtime.runIfWaitingForDebugger');
      await sleep(1_000);
      expect(site.forbiddenHits).toEqual(['upgrade /ws-shared-worker']); // unguarded here on purpose: it ran once let go
    } finally {
      site.forbiddenHits.length = 0;
      await s.close();
    }
  });

  it('lets the shared workers of another browser context go untouched', async () => {
    s = await chromiumProvider().open({ viewport: { width: 800, height: 600 } });
    try {
      const log = new CaptureLog();
      await guardWorkers(s, log, async () => undefined);
      const { browserContextId } = await s.control.send('Target.createBrowserContext', {});
      await s.control.send('Target.createTarget', { url: `${site.http}/workers`, browserContextId });
      await sleep(2_000);
      expect(site.forbiddenHits).toContain('upgrade /ws-shared-worker'); // ran as that context's own business
      expect(log.events).toEqual([]);
    } finally {
      site.forbiddenHits.length = 0;
      await s.close();
    }
  });
});
