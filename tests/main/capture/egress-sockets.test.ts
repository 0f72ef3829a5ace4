import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, chromiumProvider, type CaptureRequest } from '../../../src/main/capture';
import { startEgressProxy } from '../../../src/main/capture/egress';
import { CaptureLog } from '../../../src/main/capture/log';
import { parseAllowList } from '../../../src/main/capture/safety';
import crypto from 'node:crypto';
import { startSite } from '../../fixtures/capture/site';
import { forbiddenOrigins, startHintsSite, startListeners, type Listeners } from '../../fixtures/capture/listeners';
import { TEST_KEY, waczEntries, warcRecords } from './helpers';

// The socket-level guarantee (DESIGN §2.5): during real captures of a page full of resource hints, popups,
// iframes, pings and every spelling of a loopback address, no TCP connection reaches a forbidden listener.
// Accepted connections are counted, not requests: a speculative socket that sends nothing counts.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function captureInto(req: Omit<CaptureRequest, 'outDir' | 'provider' | 'key' | 'operator'>, allowHosts: string[]) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-egress-test-'));
  return capture({
    outDir: path.join(root, 'out'),
    provider: chromiumProvider({ profileRoot: root }),
    key: TEST_KEY,
    operator: 'Brigadier Test',
    ...req,
    options: { allowHosts, timeBudgetMs: 30_000, scrollBudgetMs: 1_000, ...req.options },
  });
}

/** A small site on `host` whose page loads a style sheet and an image from its own origin. */
async function startPageServer(host: string, port = 0): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<!doctype html><title>Site</title><link rel="stylesheet" href="/s.css"><img src="/i.svg"><p>contenu</p>');
    }
    res.writeHead(200, { 'content-type': req.url === '/s.css' ? 'text/css' : 'image/svg+xml' });
    res.end(req.url === '/s.css' ? 'p { color: red }' : '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
  });
  await new Promise<void>((r) => server.listen(port, host, () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('egress at the socket', () => {
  let listeners: Listeners;
  let site: Awaited<ReturnType<typeof startHintsSite>>;
  beforeAll(async () => {
    listeners = await startListeners();
    site = await startHintsSite(forbiddenOrigins(listeners.port));
  });
  afterAll(async () => {
    await site.close();
    await listeners.close();
  });

  it('opens no connection to a forbidden listener during a capture, and logs the refusals with their reasons', async () => {
    const result = await captureInto({ url: `${site.url}/hints` }, [site.hostPort]);
    await sleep(1_500); // a speculative socket may come a moment after the load
    expect(Object.fromEntries(listeners.accepts)).toEqual({ '127.0.0.1': 0, '127.0.0.2': 0, '::1': 0 });
    expect(result.provenance.state).toBe('complete');
    const blocked = result.provenance.blockedRequests;
    const p = listeners.port;
    for (const [url, why] of [
      [`http://[::ffff:0:7f00:1]:${p}/img-10.png`, /traduite .* vers 127\.0\.0\.1/],
      [`http://[64:ff9b::7f00:1]:${p}/frame-11`, /NAT64/],
      [`http://[2002:7f00:1::1]:${p}/ping-13`, /6to4/],
      [`http://[2001:0:7f00:1::80ff:fffe]:${p}/fetch-14`, /Teredo/],
      [`http://[100::1]:${p}/beacon-15`, /rejet/],
      [`http://[::7f00:1]:${p}/prefetch-8`, /compatible/],
      [`http://localhost:${p}/img-3.png`, /boucle locale/],
      [`https://127.0.0.2:${p}/hdr-16.css`, /boucle locale/],
    ] as const) {
      expect(blocked.find((b) => b.url === url), url).toMatchObject({ reason: 'forbidden-address', detail: expect.stringMatching(why) });
    }
    // The decimal, octal and hex spellings reach the guard already read as 127.0.0.1 by the URL parser.
    expect(blocked.filter((b) => b.url.startsWith(`http://127.0.0.1:${p}/img-`)).length).toBeGreaterThanOrEqual(4);
    // The browser's own background requests stay out of the capture's context: nothing but the page's site.
    expect(new Set(result.provenance.connections.map((c) => c.host))).toEqual(new Set(['127.0.0.1']));
  }, 60_000);

  it('holds with the proxy alone, without the request guard, and the proxy logs what it refused', async () => {
    const log = new CaptureLog();
    const proxy = await startEgressProxy({ allow: parseAllowList([site.hostPort]), resolve: async () => ['127.0.0.1'], log });
    const session = await chromiumProvider().open({ viewport: { width: 800, height: 600 }, proxy });
    try {
      const before = listeners.total();
      await session.page.send('Page.enable');
      await session.page.send('Page.navigate', { url: `${site.url}/hints` });
      await sleep(5_000);
      expect(listeners.total() - before).toBe(0);
    } finally {
      await session.close();
      await proxy.close();
    }
    const refused = proxy.connections.filter((c) => c.refused);
    expect(refused.length).toBeGreaterThan(20);
    expect(refused.every((c) => c.connected === null && c.refused?.reason === 'forbidden-address')).toBe(true);
    expect(log.blocked.some((b) => b.url.startsWith('CONNECT 127.0.0.2:') && /boucle locale/.test(b.detail))).toBe(true);
    expect(log.blocked.some((b) => b.url === `http://[::ffff:7f00:1]:${listeners.port}/img-9.png` && /mappée/.test(b.detail))).toBe(true);
    expect(log.blocked.some((b) => b.url.startsWith('http://localhost:'))).toBe(true);
    expect(proxy.connections.filter((c) => c.connected).every((c) => c.connected === '127.0.0.1' && c.host === '127.0.0.1')).toBe(true);
  }, 60_000);
});

describe('connected addresses in the archive', () => {
  it('records the address the proxy connected to, not the proxy, in the WARC and the provenance', async () => {
    const page = await startPageServer('127.0.0.3');
    try {
      const result = await captureInto({ url: `http://site.test:${page.port}/`, resolver: async () => ['127.0.0.3'] }, [`site.test:${page.port}`]);
      expect(result.provenance.state).toBe('complete');
      const records = await warcRecords((await waczEntries(result.waczFile)).get('archive/data.warc.gz') ?? Buffer.alloc(0));
      const responses = records.filter((r) => r.record.warcType === 'response' && r.record.warcTargetURI?.startsWith('http://site.test'));
      expect(responses.map((r) => new URL(r.record.warcTargetURI ?? '').pathname)).toEqual(expect.arrayContaining(['/', '/i.svg', '/s.css']));
      for (const { record } of responses) expect(record.warcHeader('WARC-IP-Address')).toBe('127.0.0.3');
      const p = result.provenance;
      expect(p.remoteIp).toBe('127.0.0.3');
      expect(p.egressIp).toBe('127.0.0.1'); // the workstation's side of that connection
      expect(p.dnsAnswers).toEqual([expect.objectContaining({ host: 'site.test', addresses: ['127.0.0.3'] })]);
      expect(p.connections.length).toBeGreaterThanOrEqual(3);
      for (const c of p.connections) {
        expect(c).toMatchObject({ kind: 'http', host: 'site.test', port: page.port, resolved: ['127.0.0.3'], connected: '127.0.0.3', refused: null });
        expect(c.bytesReceived).toBeGreaterThan(0);
      }
    } finally {
      await page.close();
    }
  }, 60_000);

  it('connects only to the address it checked when the name answers differently later (DNS rebinding)', async () => {
    const good = await startPageServer('127.0.0.3');
    const evil = await startListenersAt('127.0.0.4', good.port);
    let asked = 0;
    try {
      const resolver = async () => (asked++ === 0 ? ['127.0.0.3'] : ['127.0.0.4']);
      const result = await captureInto({ url: `http://rebind.test:${good.port}/`, resolver }, [`127.0.0.3:${good.port}`]);
      expect(result.provenance.state).toBe('complete');
      expect(evil.accepts()).toBe(0);
      expect(asked).toBe(1);
      expect(result.provenance.connections.every((c) => c.connected === '127.0.0.3')).toBe(true);
    } finally {
      await good.close();
      await evil.close();
    }
  }, 60_000);
});

describe('TLS through the proxy', () => {
  it('ties the certificate chain the browser validated to the proxy tunnel it came through', async () => {
    const site = await startSite();
    try {
      const result = await captureInto({ url: `${site.https}/`, options: { acceptInvalidCertificates: true } }, [site.httpsHost]);
      expect(result.provenance.state).toBe('complete');
      const records = await warcRecords((await waczEntries(result.waczFile)).get('archive/data.warc.gz') ?? Buffer.alloc(0));
      const meta = records.find((r) => r.record.warcType === 'metadata');
      const body = JSON.parse(Buffer.from(meta?.payload ?? []).toString('utf8')) as { remoteIp: string; egressConnection: number };
      const tunnel = result.provenance.connections.find((c) => c.id === body.egressConnection);
      expect(tunnel).toMatchObject({ kind: 'tunnel', host: '127.0.0.1', connected: '127.0.0.1', refused: null });
      expect(body.remoteIp).toBe(tunnel?.connected);
      const der = Buffer.from(site.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      expect(tunnel?.tls).toEqual({ origin: site.https, chainSha256: [crypto.createHash('sha256').update(der).digest('hex')], source: 'browser' });
      expect(tunnel?.bytesSent).toBeGreaterThan(0);
    } finally {
      await site.close();
    }
  }, 60_000);
});

async function startListenersAt(host: string, port: number): Promise<{ accepts(): number; close(): Promise<void> }> {
  const { default: netModule } = await import('node:net');
  let n = 0;
  const server = netModule.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(port, host, () => r()));
  return { accepts: () => n, close: () => new Promise((r) => server.close(() => r())) };
}
