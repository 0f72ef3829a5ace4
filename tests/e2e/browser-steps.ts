import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import type { RunningServer } from '../../src/server/app';
import type { DemoAccount } from '../../src/shared/api/contract';

// Steps the end-to-end specs share: a member of the public reporting through the server's form, an
// officer's first run of a workstation in browser mode, opening a report from the queue.

/** The built renderer that browser mode serves (`npm test` builds it before the e2e run). */
export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
export const PASSPHRASE = 'phrase de passe de test 2026';

export type PublicReport = { urls: string[]; category: string; description: string };

/** Submits the public form (no JavaScript needed) and returns the reference on the confirmation page. */
export async function submitPublicReport(browser: Browser, serverUrl: string, r: PublicReport): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'fr-FR' });
  const form = await context.newPage();
  await form.goto(`${serverUrl}/`);
  await form.locator('#urls').fill(r.urls.join('\n'));
  await form.locator(`#category-${r.category}`).check();
  await form.locator('#description').fill(r.description);
  await form.locator('#confirm_public').check();
  await form.locator('form button[type=submit]').click();
  const body = (await form.locator('body').textContent()) ?? '';
  const reference = /PH-\d{4}-\d{6}/.exec(body)?.[0];
  await context.close();
  if (!reference) throw new Error(`no reference on the confirmation page: ${body.slice(0, 300)}`);
  return reference;
}

/** What the first run needs of the demo server (a RunningServer, or what the launcher printed). */
export type DemoServerInfo = { url: string; demo: { accounts: Pick<DemoAccount, 'username' | 'password' | 'role'>[] } | null };

/** First run: passphrase, enrolment pre-filled from the demo server, login as its account of `role`. */
export async function firstRun(page: Page, workstationUrl: string, server: DemoServerInfo | RunningServer, role: 'analyst' | 'supervisor'): Promise<void> {
  await page.goto(workstationUrl);
  await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-passphrase-confirm').fill(PASSPHRASE);
  await page.getByTestId('vault-submit').click();
  // Enrolment is pre-filled from the demo server: address, fingerprint, one-time code.
  await expect(page.getByTestId('enrol-server-url')).toHaveValue(server.url);
  await page.getByTestId('enrol-submit').click();
  const account = server.demo?.accounts.find((a) => a.role === role);
  if (!account) throw new Error(`demo ${role} expected`);
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('queue')).toBeVisible();
}

/** Finds a report by its reference in the queue and opens it. */
export async function openFromQueue(page: Page, reference: string): Promise<void> {
  await page.getByTestId('queue-search').fill(reference);
  const row = page.locator(`[data-testid="queue-row"][data-reference="${reference}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId('report-reference')).toHaveText(reference);
}
