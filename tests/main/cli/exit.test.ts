import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PATH, WS_RESUME_PARAM, WS_TOKEN_PARAM } from '@shared/api/channels';
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
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
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

  it('web: the first SIGTERM closes the server and exits within 5 s, even with a page connected that reconnects', async () => {
    const staticDir = path.join(root, 'static');
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>poste</title>');
    const web = run(['web', '--data', path.join(root, 'web-data'), '--static', staticDir, '--port', '0']);
    await web.waitFor(/ouvrez http:\/\/127\.0\.0\.1:\d+\/#token=\S+/, 60_000);
    const url = new URL(/ouvrez (\S+)/.exec(web.out())?.[1] ?? '');
    const token = url.hash.slice(`#${WS_TOKEN_PARAM}=`.length);
    // Like the renderer's transport: a closed socket is opened again at once with the resume token.
    let resume = '';
    let connects = 0;
    const connect = (param: string, value: string) => {
      const ws = new WebSocket(`ws://${url.host}${WS_PATH}?${param}=${value}`, { origin: url.origin });
      ws.on('open', () => connects++);
      ws.on('message', (m) => {
        const frame = JSON.parse(String(m)) as { type: string; resumeToken?: string };
        if (frame.type === 'session' && frame.resumeToken) resume = frame.resumeToken;
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (resume && connects < 50) setTimeout(() => connect(WS_RESUME_PARAM, resume), 20);
      });
    };
    connect(WS_TOKEN_PARAM, token);
    await expect.poll(() => resume, { timeout: 10_000 }).not.toBe('');
    const signalled = Date.now();
    web.child.kill('SIGTERM');
    const { code, at } = await web.exited;
    expect(at - signalled).toBeLessThanOrEqual(AFTER_SIGNAL_MS);
    expect(code, web.err()).toBe(0);
    resume = ''; // no more reconnections
    await expect(fetch(`http://${url.host}/`)).rejects.toThrow();
  }, 120_000);
});
