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
    // The innermost elements that reach past the pane's right edge (by their box or their content).
    const widest = (p: HTMLElement): string => {
      const left = p.getBoundingClientRect().left;
      const reach = (e: HTMLElement): number => Math.max(e.getBoundingClientRect().right - left, e.getBoundingClientRect().left - left + e.scrollWidth);
      const over = Array.from(p.querySelectorAll<HTMLElement>('*')).filter((e) => reach(e) > p.clientWidth + 1);
      return over.slice(-2).map((e) => `${e.tagName.toLowerCase()}.${String(e.className)} ${Math.round(reach(e))} px`).join(', ') || '?';
    };
    return panes
      .filter((p) => p.scrollWidth > p.clientWidth + 1)
      .map((p) => `${p.className} (${p.scrollWidth} px dans ${p.clientWidth} px ; ${widest(p)})`);
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
    // A capture of an address this machine cannot reach: the failed step is shown with what to do.
    await page.getByTestId('capture-start').click();
    await expect(page.getByTestId('capture')).not.toHaveAttribute('data-state', 'running', { timeout: 90_000 });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.getByTestId('report-reference').scrollIntoViewIfNeeded();
      await checkScreen(page, testInfo, `rapport-${size.width}x${size.height}`);
      // After scrolling to the decision steps, the identity of the report stays in view.
      await page.getByTestId('orientation-outcome').scrollIntoViewIfNeeded();
      await checkScreen(page, testInfo, `rapport-etapes-${size.width}x${size.height}`);
      await expect(page.getByTestId('report-reference')).toBeInViewport();
    }

    // The three steps, then the submission (confirmed): the supervisor reviews a complete proposal.
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    await page.getByTestId('verification-save').click();
    await expect(page.getByTestId('step-verification')).toHaveAttribute('data-done', 'true');
    await page.getByTestId('offence-label').fill('Provocation directe à des actes de terrorisme (art. 421-2-5 C. pén.)');
    await page.getByTestId('offence-add').click();
    await page.getByTestId('qualification-save').click();
    await expect(page.getByTestId('step-qualification')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('step-verification')).toHaveAttribute('data-done', 'true');
    await page.getByTestId('orientation-outcome').selectOption('central_office');
    await page.getByTestId('orientation-justification').fill('Provocation au terrorisme : compétence nationale de la SDAT.');
    await page.getByTestId('orientation-urgency').selectOption('urgent');
    await page.getByTestId('orientation-save').click();
    await expect(page.getByTestId('step-orientation')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('step-verification')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('proposal-submit')).toBeEnabled();
    await page.getByTestId('proposal-submit').click();
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await keep(page, testInfo, 'confirmation-soumission');
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('report-status')).toHaveAttribute('data-status', 'decision_proposed');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');

    await page.getByTestId('logout-button').click();
    const supervisor = server.demo?.accounts.find((a) => a.role === 'supervisor');
    if (!supervisor) throw new Error('demo supervisor expected');
    await page.getByTestId('login-username').fill(supervisor.username);
    await page.getByTestId('login-password').fill(supervisor.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tab-review').click();
    await page.locator(`[data-testid="review-item"][data-reference="${reference}"]`).click();
    await expect(page.getByTestId('proposal-qualification')).toContainText('421-2-5');
    await expect(page.getByTestId('proposal-view')).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await checkScreen(page, testInfo, `revue-${size.width}x${size.height}`);
    }
    // An empty demo proposal: flagged as incomplete, and it cannot be approved.
    await page.getByTestId('review-filter-incomplete').check();
    const empty = page.getByTestId('review-item').first();
    if (await empty.count()) {
      await empty.click();
      await expect(page.getByTestId('proposal-incomplete')).toBeVisible();
      await expect(page.getByTestId('review-approve')).toBeDisabled();
      await checkScreen(page, testInfo, 'revue-incomplete-1366x768'.replace('1366x768', `${SIZES[1].width}x${SIZES[1].height}`));
    }
  } finally {
    await station?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
