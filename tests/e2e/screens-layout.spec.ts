import { expect, test, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/app';
import { createWorkstation, startWebHost, type Workstation } from '../../src/main/api';
import { firstRun, openFromQueue, RENDERER_DIR, submitPublicReport } from './browser-steps';

// The officer's and the supervisor's screens as they are seen at the two widths PHAROS workstations
// have: a report open beside the queue, claimed, and the review screen with a proposal open. At each
// width no pane scrolls sideways, axe-core finds no serious or critical violation (contrast included),
// and a screenshot of each screen is kept as a test artefact.

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The panes that must never scroll sideways, and anything inside them wider than its pane. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panes = Array.from(document.querySelectorAll<HTMLElement>('.queue, .detail, .report-main, .report-evidence, .review-list, .report-sticky, .action-bar'));
    return panes
      .filter((p) => p.scrollWidth > p.clientWidth + 1)
      .map((p) => `${p.className} (${p.scrollWidth} px dans ${p.clientWidth} px)`);
  });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function keep(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

async function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await keep(page, testInfo, name);
  expect.soft(await sidewaysOverflow(page), `${name}: panneaux qui débordent`).toEqual([]);
  expect.soft(await seriousViolations(page), `${name}: axe-core`).toEqual([]);
}

type Station = { url: string; workstation: Workstation; close: () => Promise<void> };

async function startStation(dir: string, server: RunningServer): Promise<Station> {
  if (!server.demo) throw new Error('demo data expected');
  const workstation = await createWorkstation({
    dataDir: dir,
    demo: { serverUrl: server.url, fingerprint: server.fingerprint, enrolmentCode: server.demo.enrolmentCode, accounts: server.demo.accounts },
  });
  const host = await startWebHost({ workstation, staticDir: RENDERER_DIR, port: 0 });
  return { url: host.url, workstation, close: async () => (await host.close(), await workstation.close()) };
}

test('report and review screens: no sideways overflow, axe-core clean, at 1366×768 and 1920×1080', async ({ browser }, testInfo) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pharos-e2e-screens-'));
  const server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, demo: true });
  let station: Station | null = null;
  try {
    const reference = await submitPublicReport(browser, server.url, {
      urls: ['https://forum-exemple.org/fil/appel-aux-attentats-et-a-la-violence-contre-les-institutions?page=3&tri=recent#message-48213'],
      category: 'terrorism',
      description: 'Message appelant à commettre des attentats, publié sur un forum public. Le pays de l’hébergeur est inconnu.',
    });
    station = await startStation(path.join(dir, 'ws'), server);
    const page = await (await browser.newContext({ locale: 'fr-FR', viewport: SIZES[0] })).newPage();
    await firstRun(page, station.url, server, 'analyst');
    await openFromQueue(page, reference);
    await page.getByTestId('report-claim').click();
    await expect(page.getByTestId('report-status')).toHaveAttribute('data-status', 'in_progress');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.getByTestId('report-reference').scrollIntoViewIfNeeded();
      await checkScreen(page, testInfo, `rapport-${size.width}x${size.height}`);
      // After scrolling to the decision steps, the identity of the report stays in view.
      await page.getByTestId('orientation-outcome').scrollIntoViewIfNeeded();
      await checkScreen(page, testInfo, `rapport-etapes-${size.width}x${size.height}`);
      await expect(page.getByTestId('report-reference')).toBeInViewport();
    }

    await page.getByTestId('logout-button').click();
    const supervisor = server.demo?.accounts.find((a) => a.role === 'supervisor');
    if (!supervisor) throw new Error('demo supervisor expected');
    await page.getByTestId('login-username').fill(supervisor.username);
    await page.getByTestId('login-password').fill(supervisor.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tab-review').click();
    await page.getByTestId('review-item').first().click();
    await expect(page.getByTestId('proposal-view')).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await checkScreen(page, testInfo, `revue-${size.width}x${size.height}`);
    }
  } finally {
    await station?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
