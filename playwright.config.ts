import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium (never `playwright install`); each spec starts the real
// server and the workstation in browser mode itself and stops them.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  // One retry: a spec that passes only on its retry is listed as "flaky" in the output (not hidden), so a
  // slow moment of a loaded two-core machine does not fail the whole run while the flake stays visible.
  retries: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.PHAROS_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
  },
});
