import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/app';
import { createWorkstation, startWebHost } from '../../src/main/api';

// The walking skeleton end to end: a member of the public reports pages through the server's form; an
// analyst's workstation in browser mode (real server over HTTPS with a pinned certificate, encrypted
// local store, WebSocket API) shows the report with its fields in the queue after sync.
const root = path.resolve(import.meta.dirname, '../..');
const PASSPHRASE = 'phrase de passe de test 2026';

type Stack = { server: RunningServer; webUrl: string; stop: () => Promise<void> };

async function startStack(dir: string): Promise<Stack> {
  const server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, demo: true });
  if (!server.demo) throw new Error('demo data expected');
  const workstation = await createWorkstation({
    dataDir: path.join(dir, 'workstation'),
    demo: { serverUrl: server.url, fingerprint: server.fingerprint, enrolmentCode: server.demo.enrolmentCode, accounts: server.demo.accounts },
  });
  const host = await startWebHost({ workstation, staticDir: path.join(root, 'out/renderer'), port: 0 });
  return {
    server,
    webUrl: host.url,
    stop: async () => {
      await host.close();
      await workstation.close();
      await server.close();
    },
  };
}

async function submitPublicReport(browser: Browser, serverUrl: string, urls: string[], description: string): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'fr-FR' });
  const form = await context.newPage();
  await form.goto(`${serverUrl}/`);
  await form.locator('#urls').fill(urls.join('\n'));
  await form.locator('#category-counterfeiting').check();
  await form.locator('#description').fill(description);
  await form.locator('#confirm_public').check();
  await form.locator('form button[type=submit]').click();
  const body = (await form.locator('body').textContent()) ?? '';
  const reference = /PH-\d{4}-\d{6}/.exec(body)?.[0];
  await context.close();
  if (!reference) throw new Error(`no reference on the confirmation page: ${body.slice(0, 300)}`);
  return reference;
}

async function firstRun(page: Page, stack: Stack): Promise<void> {
  await page.goto(stack.webUrl);
  await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-passphrase-confirm').fill(PASSPHRASE);
  await page.getByTestId('vault-submit').click();
  // Enrolment is pre-filled from the demo server: address, fingerprint, one-time code.
  await expect(page.getByTestId('enrol-server-url')).toHaveValue(stack.server.url);
  await page.getByTestId('enrol-submit').click();
  const analyst = stack.server.demo?.accounts.find((a) => a.role === 'analyst');
  if (!analyst) throw new Error('demo analyst expected');
  await page.getByTestId('login-username').fill(analyst.username);
  await page.getByTestId('login-password').fill(analyst.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('queue')).toBeVisible();
}

async function openFromQueue(page: Page, reference: string): Promise<void> {
  await page.getByTestId('queue-search').fill(reference);
  const row = page.locator(`[data-testid="queue-row"][data-reference="${reference}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId('report-reference')).toHaveText(reference);
}

test('a report sent through the public form reaches the analyst queue with its fields after sync', async ({ browser }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pharos-e2e-'));
  const stack = await startStack(dir);
  try {
    const urls = ['https://montres-exemple.fr/rolex-a-89-euros', 'https://montres-exemple.fr/paiement'];
    const description = 'Vente de montres de luxe contrefaites à 89 €, paiement par virement uniquement.';
    const first = await submitPublicReport(browser, stack.server.url, urls, description);

    const page = await browser.newPage({ locale: 'fr-FR' });
    await firstRun(page, stack);
    await openFromQueue(page, first);
    await expect(page.getByTestId('report-url')).toHaveText(urls);
    await expect(page.getByTestId('report-description')).toContainText(description);
    await expect(page.getByTestId('report-category')).toContainText(/contrefa/i);
    await expect(page.getByTestId('report-status')).toContainText(/reçu/i);
    await expect(page.getByTestId('report-history')).toContainText(/public/i);

    // A report arriving later shows up after "Synchroniser".
    const later = await submitPublicReport(browser, stack.server.url, ['https://montres-exemple.fr/nouvelle-annonce'], 'Nouvelle annonce de contrefaçons sur le même site.');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    await openFromQueue(page, later);
    await expect(page.getByTestId('report-url')).toHaveText(['https://montres-exemple.fr/nouvelle-annonce']);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
