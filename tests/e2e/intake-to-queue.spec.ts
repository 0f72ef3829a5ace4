import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/app';
import { createWorkstation, startWebHost } from '../../src/main/api';
import { firstRun, openFromQueue, RENDERER_DIR, submitPublicReport } from './browser-steps';

// The walking skeleton end to end: a member of the public reports pages through the server's form; an
// analyst's workstation in browser mode (real server over HTTPS with a pinned certificate, encrypted
// local store, WebSocket API) shows the report with its fields in the queue after sync.

type Stack = { server: RunningServer; webUrl: string; stop: () => Promise<void> };

async function startStack(dir: string): Promise<Stack> {
  const server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, demo: true });
  if (!server.demo) throw new Error('demo data expected');
  const workstation = await createWorkstation({
    dataDir: path.join(dir, 'workstation'),
    demo: { serverUrl: server.url, fingerprint: server.fingerprint, enrolmentCode: server.demo.enrolmentCode, accounts: server.demo.accounts },
  });
  const host = await startWebHost({ workstation, staticDir: RENDERER_DIR, port: 0 });
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

test('a report sent through the public form reaches the analyst queue with its fields after sync', async ({ browser }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pharos-e2e-'));
  const stack = await startStack(dir);
  try {
    const urls = ['https://montres-exemple.fr/rolex-a-89-euros', 'https://montres-exemple.fr/paiement'];
    const description = 'Vente de montres de luxe contrefaites à 89 €, paiement par virement uniquement.';
    const first = await submitPublicReport(browser, stack.server.url, { urls, category: 'counterfeiting', description });

    const page = await browser.newPage({ locale: 'fr-FR' });
    await firstRun(page, stack.webUrl, stack.server, 'analyst');
    await openFromQueue(page, first);
    await expect(page.getByTestId('report-url')).toHaveText(urls);
    await expect(page.getByTestId('report-description')).toContainText(description);
    await expect(page.getByTestId('report-category')).toContainText(/contrefa/i);
    await expect(page.getByTestId('report-status')).toContainText(/reçu/i);
    await expect(page.getByTestId('report-history')).toContainText(/internaute/i); // the source in words, never its code

    // A report arriving later shows up after "Synchroniser".
    const later = await submitPublicReport(browser, stack.server.url, {
      urls: ['https://montres-exemple.fr/nouvelle-annonce'],
      category: 'counterfeiting',
      description: 'Nouvelle annonce de contrefaçons sur le même site.',
    });
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    await openFromQueue(page, later);
    await expect(page.getByTestId('report-url')).toHaveText(['https://montres-exemple.fr/nouvelle-annonce']);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
