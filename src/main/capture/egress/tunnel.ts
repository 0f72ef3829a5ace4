import type http from 'node:http';
import type net from 'node:net';
import { refuse, checkedDial, type ProxyContext } from './context';
import { canonicalHost } from './resolve';

// CONNECT tunnels: the proxy checks and connects, answers 200, then only relays bytes. It does not decrypt
// (no interception of TLS); it only requires the first bytes to be a TLS handshake, so that a tunnel never
// carries a plain-text WebSocket or another protocol the capture cannot account for.

const TLS_HANDSHAKE = 0x16;

function parseAuthority(raw: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(raw);
  if (!m?.[1] || !m[2]) return null;
  const host = canonicalHost(m[1]);
  const port = Number(m[2]);
  return host && port > 0 && port < 65536 ? { host, port } : null;
}

function firstChunk(client: net.Socket, head: Buffer): Promise<Buffer | null> {
  if (head.length > 0) return Promise.resolve(head);
  return new Promise((resolve) => {
    client.once('data', (d: Buffer) => {
      client.pause(); // until the pipes are in place, nothing more is read
      resolve(d);
    });
    client.once('close', () => resolve(null));
  });
}

export async function tunnel(ctx: ProxyContext, req: http.IncomingMessage, client: net.Socket, head: Buffer): Promise<void> {
  client.on('error', () => undefined);
  const raw = req.url ?? '';
  const target = parseAuthority(raw);
  const what = `CONNECT ${raw.slice(0, 200)}`;
  const c = ctx.book.open('tunnel', target?.host ?? raw.slice(0, 200), target?.port ?? 0);
  if (!target) {
    refuse(ctx, c, what, 'egress-protocol', 'cible de tunnel illisible');
    return void client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  }
  const upstream = await checkedDial(ctx, c, target, what);
  if (!upstream) {
    const status = c.refused ? '403 Forbidden' : '502 Bad Gateway';
    return void client.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  }
  client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  const first = await firstChunk(client, head);
  if (!first || first[0] !== TLS_HANDSHAKE) {
    if (first) refuse(ctx, c, what, 'egress-protocol', 'tunnel sans TLS refusé (WebSocket en clair ou autre protocole)');
    upstream.destroy();
    return void client.destroy();
  }
  upstream.write(first);
  upstream.pipe(client);
  client.pipe(upstream);
  client.resume();
  const end = () => {
    upstream.destroy();
    client.destroy();
  };
  upstream.once('close', end);
  client.once('close', end);
}
