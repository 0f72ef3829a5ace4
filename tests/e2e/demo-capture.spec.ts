import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../src/server/demo/seed';
import { firstRun, RENDERER_DIR } from './browser-steps';

// The demo's main job, exactly as `npm run start:web` runs it: the launcher starts the demo server and the
// workstation in browser mode; an analyst opens a demo report, claims it and captures its page of the demo
// web. The capture must complete and its screenshot be shown (it was blocked: the demo web is on the
// loopback, refused to every capture unless allowed).

const ROOT = path.resolve(import.meta.dirname, '../..');

type Launched = { child: ChildProcess; serverUrl: string; workstationUrl: string };

/** Starts the launcher in its own process group (it starts two children) and reads both addresses. */
function launch(home: string): Promise<Launched> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pharos-start.mjs'), '--web'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PHAROS_HOME: home, PHAROS_DEMO_PORT: '0', PHAROS_WEB_PORT: '0' },
  });
  return new Promise((resolve, reject) => {
    let serverUrl = '';
    child.once('exit', (code) => reject(new Error(`le lanceur s'est arrêté (code ${code})`)));
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      serverUrl ||= /PHAROS server listening on (\S+)/.exec(line)?.[1] ?? '';
      const web = /\(mode navigateur\) : ouvrez (\S+)/.exec(line)?.[1];
      if (web) resolve({ child, serverUrl, workstationUrl: web });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM'); // the launcher's group: it, the demo server and the workstation
  return done;
}

test('a demo report captured in browser mode: complete, with its screenshot shown', async ({ browser }) => {
  test.setTimeout(240_000);
  expect(RENDERER_DIR).toContain('out'); // built by `npm run build:renderer` before the run
  const home = mkdtempSync(path.join(os.tmpdir(), 'pharos-e2e-democap-'));
  const launched = await launch(home);
  try {
    const page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    await firstRun(page, launched.workstationUrl, { url: launched.serverUrl, demo: { accounts: [...DEMO_ACCOUNTS] } }, 'analyst');
    // A report nobody holds, whose address is a page of the demo web.
    await page.getByTestId('queue-filter-status').selectOption('received');
    await page.getByTestId('queue-search').fill('boutique');
    const row = page.getByTestId('queue-row').first();
    await expect(row).toBeVisible();
    await row.click();
    await expect(page.getByTestId('report-reference')).toBeVisible();
    await page.getByTestId('report-claim').click();
    await expect(page.getByTestId('report-status')).toHaveAttribute('data-status', 'in_progress');
    await page.getByTestId('capture-start').click();
    const capture = page.getByTestId('capture').first();
    await expect(capture).toHaveAttribute('data-state', 'complete', { timeout: 90_000 });
    await expect(capture.getByTestId('capture-reason')).toHaveCount(0);
    const shot = capture.getByTestId('capture-thumbnail');
    await expect(shot).toBeVisible();
    await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('demo-capture.png') });
  } finally {
    await stop(launched.child);
    rmSync(home, { recursive: true, force: true });
  }
});
