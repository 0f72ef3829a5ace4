import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PATH, WS_RESUME_PARAM, WS_TOKEN_PARAM } from '@shared/api/channels';
import { startServer } from '../../../src/server/app';
import { submitReport } from '../../../src/server/intake/service';
import { startSite, type Site } from '../../fixtures/capture/site';
import { spawnBin, startupMs, type Spawned } from '../../fixtures/processes';

// Every `pharos` command ends by itself once its work is done, and on the first SIGTERM within 5 s. Each
// runs as a real process: a timer left running keeps it alive, which calling main() here would not show.
// The start of a process (tsx compiling the sources, ~1.5 s idle, more on a loaded machine) is measured
// apart; the bounds are on what comes after the work.

const AFTER_WORK_MS = 2_000;
const AFTER_SIGNAL_MS = 5_000;

describe('pharos exits once its work is done', () => {
  let site: Site;
  let root: string;
  let startup: number;
  const running: Spawned[] = [];
  const run = (args: string[], env?: NodeJS.ProcessEnv) => {
    const p = spawnBin('bin/pharos.mjs', args, env);
    running.push(p);
    return p;
  };
  const captureArgs = (url: string, out: string, extra: string[] = []) => [
    'capture', url, '--out', path.join(root, out), '--allow-host', site.httpHost, '--key', path.join(root, 'key.pem'), '--budget', '30', ...extra,
  ];
  /** Time from the JSON summary (the end of the work) to the exit of the process. */
  const summaryToExit = async (p: Spawned): Promise<{ code: number | null; ms: number }> => {
    const summaryAt = await p.waitFor(/^\}$/m, 60_000);
    const { code, at } = await p.exited;
    return { code, ms: at - summaryAt };
  };

  beforeAll(async () => {
    site = await startSite();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-exit-'));
    startup = await startupMs('bin/pharos.mjs');
  });
  afterAll(async () => {
    for (const p of running) p.kill();
    await site.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('capture of a page: exits within 2 s of its summary, and verify exits by itself on a good and a damaged package', async () => {
    const p = run(captureArgs(`${site.http}/`, 'ok'));
    const { code, ms } = await summaryToExit(p);
    expect(code, p.err()).toBe(0);
    expect(JSON.parse(p.out())).toMatchObject({ state: 'complete', missing: [] });
    expect(ms).toBeLessThanOrEqual(AFTER_WORK_MS);

    const wacz = path.join(root, 'ok', 'capture.wacz');
    const damaged = path.join(root, 'damaged.wacz');
    const bytes = fs.readFileSync(wacz);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    for (const [file, expected] of [[wacz, 0], [damaged, 1]] as const) {
      const t0 = Date.now();
      const v = run(['verify', file]);
      const { code: vCode, at } = await v.exited;
      expect(vCode, v.err()).toBe(expected);
      expect(at - t0).toBeLessThanOrEqual(startup + AFTER_WORK_MS + 1_000);
    }
  }, 120_000);

  it('failing captures exit by themselves: a redirect loop, a browser that dies at start, a browser killed during the load', async () => {
    const loop = run(captureArgs(`${site.http}/loop`, 'loop'));
    const looped = await summaryToExit(loop);
    expect(looped.code).toBe(1);
    expect(JSON.parse(loop.out())).toMatchObject({ state: 'failed' });
    expect(looped.ms).toBeLessThanOrEqual(AFTER_WORK_MS);

    const dies = path.join(root, 'dies.sh');
    fs.writeFileSync(dies, '#!/bin/sh\necho "navigateur de test : arrêt immédiat" >&2\nexit 3\n', { mode: 0o755 });
    const dead = run(captureArgs(`${site.http}/`, 'dies', ['--chromium', dies]));
    const died = await summaryToExit(dead);
    expect(died.code).toBe(1);
    expect(JSON.parse(dead.out())).toMatchObject({ state: 'failed', reason: expect.stringMatching(/launch the browser/) });
    expect(died.ms).toBeLessThanOrEqual(AFTER_WORK_MS);

    // The real browser, killed 4 s after its start while the page is still loading.
    const killed = path.join(root, 'killed.sh');
    fs.writeFileSync(killed, '#!/bin/sh\n/usr/bin/chromium "$@" &\npid=$!\nsleep 4\nkill -9 $pid\nwait\n', { mode: 0o755 });
    const crash = run(captureArgs(`${site.http}/hang`, 'killed', ['--chromium', killed]));
    const crashed = await summaryToExit(crash);
    expect(crashed.code).toBe(1);
    expect(JSON.parse(crash.out())).toMatchObject({ state: 'failed' });
    expect(crashed.ms).toBeLessThanOrEqual(AFTER_WORK_MS);
  }, 180_000);

  it('web: the first SIGTERM during a capture closes everything and exits within 5 s, with a page connected that reconnects', async () => {
    const server = await startServer({ dataDir: path.join(root, 'server'), port: 0, databaseUrl: null });
    try {
      await server.admin.addUser({ ...USER, role: 'analyst' });
      const report = await submitReport(server.admin.db, { urls: ['https://site.example/page'], category: 'scam', description: 'Page à capturer pendant l’arrêt du poste.' }, { source: 'public' });
      // A browser that starts and never answers: the capture is still launching it when the signal comes.
      const hang = path.join(root, 'hang.sh');
      fs.writeFileSync(hang, '#!/bin/sh\nexec sleep 600\n', { mode: 0o755 });
      const staticDir = path.join(root, 'static');
      fs.mkdirSync(staticDir, { recursive: true });
      fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>poste</title>');
      const web = run(['web', '--data', path.join(root, 'web-data'), '--static', staticDir, '--port', '0'], { ...process.env, PHAROS_CHROMIUM: hang, PHAROS_DEMO: '' });
      await web.waitFor(/ouvrez http:\/\/127\.0\.0\.1:\d+\/#token=\S+/, 60_000);
      const page = await connectPage(new URL(/ouvrez (\S+)/.exec(web.out())?.[1] ?? ''));
      await page.call('vault.create', { passphrase: 'phrase secrète de test' });
      await page.call('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Poste arrêt' });
      await page.call('auth.login', USER);
      await page.call('sync.now', {});
      const launching = page.event((name, p) => name === 'capture.progress' && (p as { steps: unknown[] }).steps.length > 0);
      await page.call('capture.start', { reportId: report.id });
      await launching;
      const signalled = Date.now();
      web.child.kill('SIGTERM');
      const { code, at } = await web.exited;
      expect(at - signalled).toBeLessThanOrEqual(AFTER_SIGNAL_MS);
      expect(code, web.err()).toBe(0);
      expect(web.err()).not.toMatch(/arrêt forcé/); // closed cleanly, not by the watchdog
      page.stop();
      await expect(fetch(`http://${page.host}/`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  }, 180_000);
});

const USER = { username: 'analyste.arret', password: 'mot de passe de test 123' };

type Page = {
  host: string;
  call(method: string, input: unknown): Promise<unknown>;
  event(match: (name: string, payload: unknown) => boolean): Promise<void>;
  stop(): void;
};

/** The workstation's API over its WebSocket, like the renderer: a closed socket is opened again at once. */
async function connectPage(url: URL): Promise<Page> {
  const token = url.hash.slice(`#${WS_TOKEN_PARAM}=`.length);
  let resume = '';
  let socket: WebSocket | null = null;
  let next = 1;
  let stopped = false;
  const pending = new Map<number, (result: unknown) => void>();
  const listeners: ((name: string, payload: unknown) => void)[] = [];
  const connect = (param: string, value: string) => {
    const ws = new WebSocket(`ws://${url.host}${WS_PATH}?${param}=${value}`, { origin: url.origin });
    ws.on('open', () => (socket = ws));
    ws.on('message', (m) => {
      const frame = JSON.parse(String(m)) as { type: string; resumeToken?: string; id?: number; result?: unknown; name?: string; payload?: unknown };
      if (frame.type === 'session' && frame.resumeToken) resume = frame.resumeToken;
      if (frame.type === 'result' && frame.id !== undefined) pending.get(frame.id)?.(frame.result);
      if (frame.type === 'event') for (const l of listeners) l(frame.name ?? '', frame.payload);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      socket = null;
      if (!stopped && resume) setTimeout(() => connect(WS_RESUME_PARAM, resume), 20);
    });
  };
  connect(WS_TOKEN_PARAM, token);
  await expect.poll(() => resume !== '' && socket !== null, { timeout: 10_000 }).toBe(true);
  return {
    host: url.host,
    call: (method, input) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, (result) => {
          const r = result as { ok: boolean; value?: unknown; error?: { message: string } };
          if (r.ok) resolve(r.value);
          else reject(new Error(`${method} : ${r.error?.message ?? ''}`));
        });
        socket?.send(JSON.stringify({ type: 'invoke', id, method, input }));
      }),
    event: (match) => new Promise<void>((resolve) => listeners.push((name, payload) => match(name, payload) && resolve())),
    stop: () => void (stopped = true),
  };
}
