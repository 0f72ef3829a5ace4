import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_PATH, type WsServerFrame } from '@shared/api/channels';
import { createWorkstation, startWebHost, type WebHost, type Workstation } from '../../../src/main/api';
import { TEST_KDF } from '../helpers/temp';

const root = mkdtempSync(path.join(tmpdir(), 'pharos-web-'));
const tempDir = (): string => mkdtempSync(path.join(root, 'd-'));
let workstation: Workstation;
let host: WebHost;
let token: string;
let origin: string;

beforeAll(async () => {
  const staticDir = path.join(tempDir(), 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>PHAROS</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  workstation = await createWorkstation({ dataDir: tempDir(), kdf: TEST_KDF });
  host = await startWebHost({ workstation, staticDir, port: 0 });
  const url = new URL(host.url);
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  origin = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await workstation.close();
  rmSync(root, { recursive: true, force: true });
});

function get(p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: p, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Conn = { ws: WebSocket; frames: WsServerFrame[]; next(pred: (f: WsServerFrame) => boolean): Promise<WsServerFrame> };

function connect(query: string, o = origin): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}?${query}`, { headers: { origin: o } });
    const frames: WsServerFrame[] = [];
    const waiters: { pred: (f: WsServerFrame) => boolean; resolve: (f: WsServerFrame) => void }[] = [];
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as WsServerFrame;
      frames.push(f);
      for (const w of [...waiters]) if (w.pred(f)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(f); }
    });
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        next: (pred) => {
          const found = frames.find(pred);
          return found ? Promise.resolve(found) : new Promise((r) => waiters.push({ pred, resolve: r }));
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

let nextId = 1;
async function invoke(c: Conn, method: string, input: unknown = {}): Promise<unknown> {
  const id = nextId++;
  c.ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
  const f = await c.next((x) => x.type === 'result' && x.id === id);
  return f.type === 'result' ? f.result : null;
}

describe('browser-mode web host', () => {
  it('binds to 127.0.0.1 and prints a URL with a one-time token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/);
  });

  it('serves the renderer with a strict CSP, MIME types and the index.html fallback', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('PHAROS');
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await get('/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/file/queue')).body).toContain('PHAROS');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('refuses directory traversal and foreign Host headers', async () => {
    expect((await get('/../../../etc/passwd')).status).toBe(400);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(400);
    expect((await get('/assets/..%5c..%5cindex.html')).status).toBe(400);
    expect((await get('/', { host: 'evil.example' })).status).toBe(421);
  });

  it('exchanges the one-time token for a resume token, and refuses its reuse, wrong tokens and foreign origins', async () => {
    await expect(connect('token=wrong')).rejects.toThrow(/refused 403/);
    await expect(connect(`token=${token}`, 'http://evil.example')).rejects.toThrow(/refused 403/);
    const first = await connect(`token=${token}`);
    const session = await first.next((f) => f.type === 'session');
    const resumeToken = session.type === 'session' ? session.resumeToken : '';
    expect(resumeToken.length).toBeGreaterThan(40);
    await expect(connect(`token=${token}`)).rejects.toThrow(/refused 403/);
    await expect(connect(`resume=${resumeToken}`, 'http://localhost.evil')).rejects.toThrow(/refused 403/);

    expect(await invoke(first, 'vault.status')).toMatchObject({ ok: true, value: { state: 'uninitialised' } });
    expect(await invoke(first, 'queue.page', {})).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await invoke(first, 'no.such.method')).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await invoke(first, 'vault.create', { passphrase: 'phrase secrète du test' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    await first.next((f) => f.type === 'event' && f.name === 'vault.status');
    expect(await invoke(first, 'queue.page', { sort: 'oldest' })).toEqual({ ok: true, value: { rows: [], total: 0 } });
    first.ws.close();

    // A reload: the page reconnects with its resume token and keeps working.
    const again = await connect(`resume=${resumeToken}`);
    expect(await invoke(again, 'vault.status')).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    again.ws.close();
  });
});

describe('browser-mode resume tokens expire', () => {
  const limits = { idleMs: 1000, absoluteMs: 3000 };
  const hosts: WebHost[] = [];
  afterAll(async () => {
    for (const h of hosts) await h.close();
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A host with short limits; returns a connector for it and the one-time token of its address. */
  async function shortHost() {
    const h = await startWebHost({ workstation, staticDir: tempDir(), port: 0, resumeLimits: limits });
    hosts.push(h);
    const once = new URLSearchParams(new URL(h.url).hash.slice(1)).get('token') ?? '';
    const open = (query: string) =>
      new Promise<{ ws: WebSocket; session: Promise<string>; closed: Promise<{ code: number; reason: string }> }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${h.port}${WS_PATH}?${query}`, { headers: { origin: `http://127.0.0.1:${h.port}` } });
        const session = new Promise<string>((r) =>
          ws.on('message', (d) => {
            const f = JSON.parse(String(d)) as WsServerFrame;
            if (f.type === 'session') r(f.resumeToken);
          }),
        );
        const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
        ws.once('open', () => resolve({ ws, session, closed }));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
        ws.once('error', reject);
      });
    return { once, open };
  }

  it('an open tab left idle is closed with the reason, and its token no longer resumes', async () => {
    const h = await shortHost();
    const tab = await h.open(`token=${h.once}`);
    const resume = await tab.session;
    const closed = await tab.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toContain('inactivité');
    await expect(h.open(`resume=${resume}`)).rejects.toThrow(/refused 403/);
  });

  it('a closed tab coming back after the idle limit is told why once, then refused', async () => {
    const h = await shortHost();
    const tab = await h.open(`token=${h.once}`);
    const resume = await tab.session;
    tab.ws.close();
    // Within the idle limit a reload resumes.
    const reload = await h.open(`resume=${resume}`);
    reload.ws.close();
    await sleep(limits.idleMs + 100);
    const late = await h.open(`resume=${resume}`);
    expect((await late.closed).code).toBe(4001);
    await expect(h.open(`resume=${resume}`)).rejects.toThrow(/refused 403/);
  });

  it('an active tab is closed at the absolute limit however busy it is', async () => {
    const h = await shortHost();
    const tab = await h.open(`token=${h.once}`);
    const resume = await tab.session;
    let closedAt = 0;
    const started = Date.now();
    void tab.closed.then(() => (closedAt = Date.now()));
    let id = 10_000;
    while (closedAt === 0 && Date.now() - started < limits.absoluteMs * 3) {
      if (tab.ws.readyState === tab.ws.OPEN) tab.ws.send(JSON.stringify({ type: 'invoke', id: id++, method: 'vault.status', input: {} }));
      await sleep(limits.idleMs / 4);
    }
    const closed = await tab.closed;
    expect(closed.code).toBe(4002);
    expect(closed.reason).toContain('Durée maximale');
    expect(closedAt - started).toBeGreaterThanOrEqual(limits.absoluteMs - 50);
    await expect(h.open(`resume=${resume}`)).rejects.toThrow(/refused 403/);
  });
});
