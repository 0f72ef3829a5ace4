// Browser mode: from starting the workstation process to the rendered queue, on a store already synced
// with N reports (default 100 000). Measured in Debian's Chromium; the baseline, in the same run, is a
// bare Node process serving a static 50-row page. Prints figures, no pass/fail. Target: ≤ 2 s.
// The officer's typing is not counted: the time runs from process start to the unlock screen, then
// from submitting the passphrase (Argon2id included) to the first queue row.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from '@playwright/test';
import { startServer } from '../src/server/app';
import { createWorkstation } from '../src/main/api/index';
import { buildCli } from '../scripts/build-cli.mjs';

const COUNT = Number(process.env.BENCH_REPORTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PASSPHRASE = 'phrase de passe du banc 2026';
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'pharos-bench-web-'));

async function call(router: Awaited<ReturnType<typeof createWorkstation>>['router'], method: string, input: unknown): Promise<void> {
  const r = await router(method, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
}

/** A workstation data folder enrolled, logged in and synced with COUNT reports (not timed). */
async function prepare(): Promise<string> {
  const server = await startServer({ dataDir: path.join(work, 'server'), port: 0, databaseUrl: null });
  await server.admin.addUser({ username: 'banc.superviseur', password: 'mot de passe du banc 123', role: 'supervisor' });
  await server.admin.seedSynthetic(COUNT);
  const dataDir = path.join(work, 'workstation');
  const ws = await createWorkstation({ dataDir, syncIntervalMs: 3_600_000 });
  await call(ws.router, 'vault.create', { passphrase: PASSPHRASE });
  await call(ws.router, 'enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Banc' });
  await call(ws.router, 'auth.login', { username: 'banc.superviseur', password: 'mot de passe du banc 123' });
  await call(ws.router, 'sync.now', {});
  await ws.close();
  await server.close();
  return dataDir;
}

function startChild(cmd: string[], pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, cmd, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = pattern.exec(line)?.[0];
      if (url) resolve({ child, url });
    });
  });
}

async function baseline(browser: Browser): Promise<number> {
  const t0 = performance.now();
  const { child, url } = await startChild(['bench/support/static-child.mjs'], /http:\/\/\S+/);
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByTestId('queue-row').first().waitFor();
  const ms = performance.now() - t0;
  await page.close();
  child.kill();
  return ms;
}

/** The workstation exactly as `npm run start:web` runs it: the bundled CLI's browser mode. */
async function webMode(browser: Browser, cli: string, dataDir: string): Promise<{ toUnlock: number; toQueue: number }> {
  const t0 = performance.now();
  const args = [cli, 'web', '--data', dataDir, '--static', path.join(root, 'out/renderer')];
  const { child, url } = await startChild(args, /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.getByTestId('vault-passphrase').waitFor();
    const toUnlock = performance.now() - t0;
    await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
    const t1 = performance.now();
    await page.getByTestId('vault-submit').click();
    await page.getByTestId('queue-row').first().waitFor({ timeout: 30_000 });
    const toQueue = performance.now() - t1;
    return { toUnlock, toQueue };
  } catch (e) {
    await page.screenshot({ path: path.join(tmpdir(), 'pharos-bench-web-failure.png') });
    throw e;
  } finally {
    await page.close();
    child.removeAllListeners('exit');
    child.kill();
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  console.log(`preparing a workstation synced with ${COUNT} reports…`);
  const dataDir = await prepare();
  const cli: string = await buildCli();
  const browser = await chromium.launch({ executablePath: process.env.PHAROS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const base: number[] = [];
    const runs: { toUnlock: number; toQueue: number }[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      base.push(await baseline(browser));
      runs.push(await webMode(browser, cli, dataDir));
    }
    const toUnlock = median(runs.map((r) => r.toUnlock));
    const toQueue = median(runs.map((r) => r.toQueue));
    const b = median(base);
    console.log(`browser mode, median of ${RUNS} runs, store of ${COUNT} reports:`);
    console.log(`  process start → unlock screen rendered   ${fmt(toUnlock)}`);
    console.log(`  passphrase submitted → queue rendered     ${fmt(toQueue)} (Argon2id unlock, store open, first page)`);
    console.log(`  start → rendered queue (typing excluded)  ${fmt(toUnlock + toQueue)}   target ≤ 2 s`);
    console.log(`  baseline: bare Node static page           ${fmt(b)}   ratio ${((toUnlock + toQueue) / b).toFixed(1)}×`);
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
