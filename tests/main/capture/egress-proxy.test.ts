import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { directDialer, startEgressProxy, type Dialer, type EgressProxy } from '../../../src/main/capture/egress';
import { CaptureLog } from '../../../src/main/capture/log';
import { parseAllowList, type Resolver } from '../../../src/main/capture/safety';

// The egress proxy on its own, driven by raw sockets: what it refuses, what it connects to, what it records.

type Counting = { port: number; accepts: number; close(): Promise<void> };

/** A TCP listener that counts accepted connections and echoes what it receives. */
async function echo(host: string, port = 0): Promise<Counting> {
  const sockets = new Set<net.Socket>();
  const c: Counting = { port: 0, accepts: 0, close: async () => undefined };
  const server = net.createServer((s) => {
    c.accepts++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(port, host, () => r()));
  c.port = (server.address() as net.AddressInfo).port;
  c.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  };
  return c;
}

/** Send raw bytes to the proxy; the answer's first line once it arrives (or '' when closed without one). */
async function ask(proxy: EgressProxy, text: string): Promise<{ line: string; socket: net.Socket }> {
  const socket = net.connect(proxy.port, proxy.host);
  socket.on('error', () => undefined);
  await new Promise((r) => socket.once('connect', r));
  socket.write(text);
  const line = await new Promise<string>((resolve) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(buf.split('\r\n')[0] ?? '');
      }
    };
    socket.on('data', onData);
    socket.once('close', () => resolve(buf.split('\r\n')[0] ?? ''));
  });
  return { line, socket };
}

function spyDialer(): Dialer & { calls: string[] } {
  const inner = directDialer(2_000);
  const calls: string[] = [];
  return { name: 'spy', calls, open: (t, a) => (calls.push(`${a}:${t.port}`), inner.open(t, a)) };
}

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

async function setup(resolve: Resolver, allow: string[] = []) {
  const log = new CaptureLog();
  const dialer = spyDialer();
  const proxy = await startEgressProxy({ allow: parseAllowList(allow), resolve, log, dialer });
  opened.push(() => proxy.close());
  return { log, dialer, proxy };
}

describe('egress proxy', () => {
  it('refuses a tunnel to a forbidden address before any connection, and logs why', async () => {
    const forbidden = await echo('127.0.0.2');
    opened.push(() => forbidden.close());
    const { proxy, log, dialer } = await setup(async () => []);
    for (const target of [`127.0.0.2:${forbidden.port}`, `[::ffff:127.0.0.2]:${forbidden.port}`, `[::ffff:0:7f00:2]:${forbidden.port}`]) {
      const { line } = await ask(proxy, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      expect(line, target).toBe('HTTP/1.1 403 Forbidden');
    }
    expect(forbidden.accepts).toBe(0);
    expect(dialer.calls).toEqual([]);
    expect(log.blocked.map((b) => b.reason)).toEqual(['forbidden-address', 'forbidden-address', 'forbidden-address']);
    expect(log.blocked[1]?.detail).toMatch(/mappée .* vers 127\.0\.0\.2/);
    expect(proxy.connections.every((c) => c.refused?.reason === 'forbidden-address' && c.connected === null)).toBe(true);
  });

  it('refuses a name when any of its addresses is forbidden, and one that does not resolve', async () => {
    const { proxy, log, dialer } = await setup(async (h) => {
      if (h === 'mixed.test') return ['8.8.8.8', '127.0.0.2'];
      throw new Error('getaddrinfo ENOTFOUND');
    });
    expect((await ask(proxy, 'CONNECT mixed.test:443 HTTP/1.1\r\n\r\n')).line).toBe('HTTP/1.1 403 Forbidden');
    expect((await ask(proxy, 'CONNECT absent.test:443 HTTP/1.1\r\n\r\n')).line).toBe('HTTP/1.1 403 Forbidden');
    expect(dialer.calls).toEqual([]);
    expect(log.blocked.map((b) => [b.url, b.reason])).toEqual([['CONNECT mixed.test:443', 'forbidden-address'], ['CONNECT absent.test:443', 'dns-failure']]);
    expect(proxy.connections[0]?.resolved).toEqual(['8.8.8.8', '127.0.0.2']);
  });

  it('connects a tunnel only to the address it checked, even when the name answers differently later', async () => {
    const good = await echo('127.0.0.3');
    const evil = await echo('127.0.0.4', good.port);
    opened.push(() => good.close(), () => evil.close());
    let asked = 0;
    const { proxy, log, dialer } = await setup(async () => (asked++ === 0 ? ['127.0.0.3'] : ['127.0.0.4']), [`127.0.0.3:${good.port}`]);
    for (let i = 0; i < 3; i++) {
      const { line, socket } = await ask(proxy, `CONNECT rebind.test:${good.port} HTTP/1.1\r\n\r\n`);
      expect(line).toBe('HTTP/1.1 200 Connection Established');
      socket.write(Buffer.from([0x16, 3, 1, 0, 0])); // a TLS handshake record header: relayed and echoed
      const echoed = await new Promise<Buffer>((r) => socket.once('data', r));
      expect(echoed[0]).toBe(0x16);
      socket.destroy();
    }
    expect(evil.accepts).toBe(0);
    expect(good.accepts).toBe(3);
    expect(asked).toBe(1); // one answer per name for the whole capture
    expect(dialer.calls).toEqual(Array(3).fill(`127.0.0.3:${good.port}`));
    expect(log.dns).toEqual([expect.objectContaining({ host: 'rebind.test', addresses: ['127.0.0.3'] })]);
    await proxy.close();
    expect(proxy.connections.map((c) => [c.kind, c.host, c.connected, c.bytesSent])).toEqual(Array(3).fill(['tunnel', 'rebind.test', '127.0.0.3', 5]));
    expect(proxy.connections[0]?.local).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('closes a tunnel that does not start with TLS (a plain-text WebSocket, for instance)', async () => {
    const good = await echo('127.0.0.3');
    opened.push(() => good.close());
    const { proxy, log } = await setup(async () => [], [`127.0.0.3:${good.port}`]);
    const { line, socket } = await ask(proxy, `CONNECT 127.0.0.3:${good.port} HTTP/1.1\r\n\r\n`);
    expect(line).toBe('HTTP/1.1 200 Connection Established');
    socket.write('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n');
    await new Promise((r) => socket.once('close', r));
    expect(log.blocked).toEqual([expect.objectContaining({ reason: 'egress-protocol' })]);
  });

  it('forwards plain HTTP to the checked address and refuses upgrades and non-proxy requests', async () => {
    const site = http.createServer((req, res) => res.end(`vu ${req.url ?? ''} ${req.headers.host ?? ''}`));
    await new Promise<void>((r) => site.listen(0, '127.0.0.3', () => r()));
    const port = (site.address() as net.AddressInfo).port;
    opened.push(() => new Promise((r) => site.close(() => r())));
    const { proxy, log } = await setup(async () => ['127.0.0.3'], [`site.test:${port}`]);
    const body = await new Promise<string>((resolve, reject) => {
      const r = http.request({ host: proxy.host, port: proxy.port, path: `http://site.test:${port}/page?q=1`, headers: { host: `site.test:${port}` } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(text));
      });
      r.on('error', reject);
      r.end();
    });
    expect(body).toBe(`vu /page?q=1 site.test:${port}`);
    expect(proxy.connections[0]).toMatchObject({ kind: 'http', host: 'site.test', port, resolved: ['127.0.0.3'], connected: '127.0.0.3', refused: null });
    const upgrade = await ask(proxy, `GET http://site.test:${port}/ws HTTP/1.1\r\nHost: site.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
    expect(upgrade.line).toBe('');
    const relative = await ask(proxy, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(relative.line).toBe('');
    expect(log.blocked.map((b) => b.reason)).toEqual(['egress-protocol', 'egress-protocol']);
  });

  it('destroys every socket on close, so nothing keeps the process alive', async () => {
    const good = await echo('127.0.0.3');
    opened.push(() => good.close());
    const { proxy } = await setup(async () => [], [`127.0.0.3:${good.port}`]);
    const { socket } = await ask(proxy, `CONNECT 127.0.0.3:${good.port} HTTP/1.1\r\n\r\n`);
    socket.write(Buffer.from([0x16]));
    await new Promise((r) => socket.once('data', r));
    const closed = new Promise((r) => socket.once('close', r));
    await proxy.close();
    await closed;
    const again = net.connect(proxy.port, proxy.host);
    const refusedErr = await new Promise<string>((r) => again.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? '')));
    expect(refusedErr).toBe('ECONNREFUSED');
    expect(proxy.connections[0]?.endedAt).toBeTruthy();
  });
});
