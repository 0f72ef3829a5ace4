// Capture cost against a bare browser load: a reference page served locally (about 100 resources, about
// 2 MB) captured with the full artifact set (WARC, WACZ signed, six renderings) versus puppeteer's
// goto(networkidle0) + full-page screenshot on the same Chromium, in the same run. Target: ≤ 1.5×.
// Both sides launch a fresh Chromium with a fresh profile, as a capture does. Third: single-file-cli saving
// the same page with the same Chromium (headless, offline), under a hard time limit so it can never hang
// the bench. Target: the capture is faster than single-file.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { capture, chromiumProvider, DEFAULT_CHROMIUM, keyFromPem } from '../src/main/capture';

const IMAGES = 40; // 40 × 32 KB + styles and scripts ≈ 2 MB
const STYLES = 30;
const SCRIPTS = 30;

function referenceSite(): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  const rnd = (n: number) => crypto.randomBytes(n);
  for (let i = 0; i < IMAGES; i++) files.set(`/img${i}.bin`, { type: 'image/webp', body: rnd(32_000) }); // incompressible
  for (let i = 0; i < STYLES; i++) files.set(`/s${i}.css`, { type: 'text/css', body: Buffer.from(`.c${i}{color:#${(i * 99999).toString(16).slice(0, 6).padEnd(6, '0')}}\n`.repeat(200)) });
  for (let i = 0; i < SCRIPTS; i++) files.set(`/j${i}.js`, { type: 'application/javascript', body: Buffer.from(`window.v${i}=${JSON.stringify(rnd(12_000).toString('base64'))};\n`) });
  const body = [
    ...[...Array(STYLES).keys()].map((i) => `<link rel="stylesheet" href="/s${i}.css">`),
    '<h1>Page de référence</h1>',
    ...[...Array(IMAGES).keys()].map((i) => `<p class="c${i % STYLES}">paragraphe ${i} ${'texte '.repeat(60)}</p><img src="/img${i}.bin" width="200" height="100">`),
    ...[...Array(SCRIPTS).keys()].map((i) => `<script src="/j${i}.js"></script>`),
  ].join('\n');
  files.set('/', { type: 'text/html; charset=utf-8', body: Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Référence</title></head><body>${body}</body></html>`) });
  return files;
}

async function bare(url: string): Promise<number> {
  const t0 = performance.now();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-'));
  const browser = await puppeteer.launch({ executablePath: DEFAULT_CHROMIUM, headless: true, userDataDir: profile, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.screenshot({ fullPage: true });
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
  return performance.now() - t0;
}

async function full(url: string, allow: string, key: ReturnType<typeof keyFromPem>): Promise<number> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-capture-'));
  const t0 = performance.now();
  const r = await capture({ url, outDir: out, provider: chromiumProvider(), key, operator: 'bench', options: { allowHosts: [allow], scrollBudgetMs: 2_000 }, onStep: process.env.STEPS ? (s) => console.log(`  ${(performance.now() - t0).toFixed(0)} ms ${s}`) : undefined });
  const ms = performance.now() - t0;
  if (r.provenance.state !== 'complete') console.log(`  (capture ${r.provenance.state}: ${r.provenance.reason})`);
  fs.rmSync(out, { recursive: true, force: true });
  return ms;
}

const SINGLE_FILE = path.resolve('node_modules/single-file-cli/single-file-node.js');
const SINGLE_FILE_LIMIT_MS = 120_000;

/** single-file-cli on the same page and Chromium: its time, or why it could not run. */
async function singleFile(url: string): Promise<number | string> {
  if (!fs.existsSync(SINGLE_FILE)) return 'single-file-cli absent de node_modules (npm ci)';
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-single-file-'));
  const file = path.join(out, 'page.html');
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const t0 = performance.now();
  // Its own process group: on timeout the whole group (single-file and its Chromium) is killed.
  const child = spawn(process.execPath, [SINGLE_FILE, url, file, `--browser-executable-path=${DEFAULT_CHROMIUM}`, '--browser-headless=true', `--browser-args=${JSON.stringify(args)}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()).length > 4000 && (stderr = stderr.slice(-2000)));
  const outcome = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      resolve(`single-file-cli arrêté après ${SINGLE_FILE_LIMIT_MS / 1000} s`);
    }, SINGLE_FILE_LIMIT_MS);
    child.on('error', (e) => (clearTimeout(timer), resolve(`single-file-cli n’a pas démarré : ${e.message}`)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      resolve(code === 0 && size > 0 ? ms : `single-file-cli a échoué (code ${code}, ${size} octets) : ${stderr.trim().slice(-300)}`);
    });
  });
  fs.rmSync(out, { recursive: true, force: true });
  return outcome;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const files = referenceSite();
const total = [...files.values()].reduce((n, f) => n + f.body.length, 0);
const server = http.createServer((req, res) => {
  const f = files.get(req.url ?? '/');
  if (!f) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length });
  res.end(f.body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = `http://${host}/`;
const key = keyFromPem(crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
console.log(`reference page: ${files.size - 1} resources, ${(total / 1024 / 1024).toFixed(2)} MiB, ${os.cpus().length} cores`);
await bare(url); // warm the OS caches for Chromium's binary
const runs = Number(process.env.RUNS ?? 3);
const b: number[] = [];
const c: number[] = [];
const sf: number[] = [];
let sfFailure: string | null = null;
for (let i = 0; i < runs; i++) {
  b.push(await bare(url));
  c.push(await full(url, host, key));
  if (sfFailure) continue;
  const r = await singleFile(url);
  if (typeof r === 'number') sf.push(r);
  else sfFailure = r;
}
const mb = median(b);
const mc = median(c);
console.log(`bare puppeteer goto(networkidle0) + full-page screenshot: median ${mb.toFixed(0)} ms (${b.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`full capture (WARC + signed WACZ + 6 renderings):        median ${mc.toFixed(0)} ms (${c.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ratio: ${(mc / mb).toFixed(2)}× (target ≤ 1.5×)`);
if (sf.length > 0) {
  const ms = median(sf);
  console.log(`single-file-cli (same page, same Chromium):               median ${ms.toFixed(0)} ms (${sf.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`capture / single-file-cli: ${(mc / ms).toFixed(2)}× (target < 1×)`);
}
if (sfFailure) console.log(`single-file-cli not measured: ${sfFailure}`);
server.close();
