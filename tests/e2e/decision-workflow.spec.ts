import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { startServer, type RunningServer } from '../../src/server/app';
import { queryRows } from '../../src/server/db/rows';
import { createWorkstation, startWebHost, type Workstation } from '../../src/main/api';
import { firstRun, openFromQueue, RENDERER_DIR, submitPublicReport } from './browser-steps';

// The decision workflow end to end: an analyst's workstation qualifies and orients a report while the
// server is stopped, reconnects, and a supervisor on a second workstation (its own encrypted store,
// its own browser session) approves it; the report is then decided on the server and on both.

type Station = { url: string; workstation: Workstation; close: () => Promise<void> };

async function startStation(dir: string, server: RunningServer, enrolmentCode: string): Promise<Station> {
  if (!server.demo) throw new Error('demo data expected');
  const workstation = await createWorkstation({
    dataDir: dir,
    demo: { serverUrl: server.url, fingerprint: server.fingerprint, enrolmentCode, accounts: server.demo.accounts },
  });
  const host = await startWebHost({ workstation, staticDir: RENDERER_DIR, port: 0 });
  return { url: host.url, workstation, close: async () => (await host.close(), await workstation.close()) };
}

async function firstRunSynced(page: Page, station: Station, server: RunningServer, role: 'analyst' | 'supervisor'): Promise<void> {
  await firstRun(page, station.url, server, role);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
}

test('qualified and oriented offline, approved by a supervisor on another workstation: decided everywhere', async ({ browser }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pharos-e2e-wf-'));
  const serverDir = path.join(dir, 'server');
  let server = await startServer({ dataDir: serverDir, port: 0, demo: true });
  const port = server.port;
  const stations: Station[] = [];
  try {
    const reference = await submitPublicReport(browser, server.url, {
      urls: ['https://forum-exemple.org/fil/appel-aux-attentats'],
      category: 'terrorism',
      description: 'Message appelant à commettre des attentats, publié sur un forum public.',
    });
    const analystStation = await startStation(path.join(dir, 'analyst'), server, server.demo?.enrolmentCode ?? '');
    stations.push(analystStation);
    const analyst = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await firstRunSynced(analyst, analystStation, server, 'analyst');
    await openFromQueue(analyst, reference);
    await analyst.getByTestId('report-claim').click();
    await expect(analyst.getByTestId('report-status')).toHaveAttribute('data-status', 'in_progress');

    // The server goes away: the analyst goes on working on the local store.
    await server.close();
    await analyst.getByTestId('sync-now').click();
    await expect(analyst.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
    await analyst.getByTestId('offence-label').fill('Provocation directe à des actes de terrorisme (art. 421-2-5 C. pén.)');
    await analyst.getByTestId('offence-add').click();
    await analyst.getByTestId('qualification-save').click();
    await expect(analyst.getByTestId('decision-saved')).toBeVisible();
    await analyst.getByTestId('orientation-outcome').selectOption('central_office');
    // Terrorism: the competent central office is suggested and pre-selected.
    await expect(analyst.getByTestId('orientation-suggestion')).toContainText('SDAT');
    await expect(analyst.getByTestId('orientation-service')).toHaveValue('sdat');
    await analyst.getByTestId('orientation-justification').fill('Provocation au terrorisme : compétence nationale de la SDAT.');
    await analyst.getByTestId('orientation-urgency').selectOption('urgent');
    await analyst.getByTestId('orientation-save').click();
    await analyst.getByTestId('verification-save').click();
    await expect(analyst.getByTestId('proposal-submit')).toBeEnabled();
    await analyst.getByTestId('proposal-submit').click();
    await analyst.getByTestId('confirm-ok').click();
    await expect(analyst.getByTestId('report-status')).toHaveAttribute('data-status', 'decision_proposed');
    await expect(analyst.getByTestId('sync-pending')).toBeVisible();

    // Back online (same address, same data): the proposal reaches the server.
    server = await startServer({ dataDir: serverDir, port, demo: true });
    await analyst.getByTestId('sync-now').click();
    await expect(analyst.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    await expect(analyst.getByTestId('sync-pending')).toHaveCount(0);

    // A supervisor on a second workstation reviews it.
    const supervisorStation = await startStation(path.join(dir, 'supervisor'), server, await server.admin.createEnrolmentCode());
    stations.push(supervisorStation);
    const supervisor = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await firstRunSynced(supervisor, supervisorStation, server, 'supervisor');
    await supervisor.getByTestId('tab-review').click();
    const item = supervisor.locator(`[data-testid="review-item"][data-reference="${reference}"]`);
    await expect(item).toBeVisible();
    await item.click();
    await expect(supervisor.getByTestId('proposal-service')).toContainText('SDAT');
    await expect(supervisor.getByTestId('proposal-qualification')).toContainText('421-2-5');
    await supervisor.getByTestId('review-comment').fill('Transmission à la SDAT validée.');
    await supervisor.getByTestId('review-approve').click();
    await expect(supervisor.getByTestId('review-outcome')).toHaveAttribute('data-status', 'decided');
    await supervisor.getByTestId('sync-now').click();
    await expect(supervisor.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    await expect(supervisor.getByTestId('sync-pending')).toHaveCount(0);

    const [row] = await queryRows<{ status: string }>(server.admin.db, sql`select status from reports where reference = ${reference}`);
    expect(row?.status).toBe('decided');
    await analyst.getByTestId('sync-now').click();
    await expect(analyst.getByTestId('report-status')).toHaveAttribute('data-status', 'decided');
    await expect(analyst.getByTestId('proposal-status')).toContainText('superviseur');
    // The supervisor's workstation holds the server's state of it after its sync.
    await supervisor.getByTestId('sync-now').click();
    await expect(supervisor.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    await expect(supervisor.getByTestId('review-outcome')).toHaveAttribute('data-status', 'decided');
    const held = await supervisorStation.workstation.router('queue.page', { text: reference, statuses: ['decided'] }, { transport: 'test' });
    expect(held.ok && held.value).toMatchObject({ total: 1 });
  } finally {
    for (const s of stations) await s.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
