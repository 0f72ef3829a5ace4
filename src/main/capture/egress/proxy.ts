import http from 'node:http';
import type net from 'node:net';
import type { EgressConnection } from '@shared/evidence/provenance';
import type { CaptureLog } from '../log';
import type { AllowList, Resolver } from '../safety';
import type { ProxyContext } from './context';
import { directDialer, type Dialer } from './dialer';
import { forward } from './forward';
import { ConnectionBook } from './records';
import { PinnedResolver } from './resolve';
import { tunnel } from './tunnel';

// The capture's egress proxy (DESIGN §2.5): the browser's only way out. It listens on 127.0.0.1 on a port of
// its own for one capture, carries plain HTTP (absolute-URI requests) and CONNECT tunnels, and nothing else.

export type EgressProxyOptions = {
  allow: AllowList;
  resolve: Resolver;
  log: CaptureLog;
  dialer?: Dialer;
};

export type EgressProxy = {
  /** The proxy's own address, which the browser reports as the remote address of every response. */
  host: string;
  port: number;
  /** The request guard checks names with the same answers the proxy connects to. */
  resolver: PinnedResolver;
  connections: EgressConnection[];
  /** Stops listening and destroys every socket, browser side and upstream (idempotent). */
  close(): Promise<void>;
};

export async function startEgressProxy(o: EgressProxyOptions): Promise<EgressProxy> {
  const book = new ConnectionBook();
  const ctx: ProxyContext = {
    allow: o.allow,
    resolver: new PinnedResolver(o.resolve, o.log),
    dialer: o.dialer ?? directDialer(),
    log: o.log,
    book,
    upstreams: new Map(),
  };
  const clients = new Set<net.Socket>();
  const server = http.createServer({ requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 5_000 });
  server.on('connection', (s: net.Socket) => {
    clients.add(s);
    s.on('error', () => undefined);
    s.once('close', () => clients.delete(s));
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void forward(ctx, req, res).catch(() => req.socket.destroy()));
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => void tunnel(ctx, req, socket, head).catch(() => socket.destroy()));
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    const c = book.open('http', req.headers.host ?? '', 0);
    book.refuse(c, 'egress-protocol', `mise à niveau ${String(req.headers.upgrade)} refusée`);
    o.log.block(req.url ?? '', 'egress-protocol', `proxy de sortie : mise à niveau ${String(req.headers.upgrade)} refusée`);
    socket.destroy();
  });
  server.on('clientError', (_e, socket: net.Socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    host: '127.0.0.1',
    port,
    resolver: ctx.resolver,
    connections: book.all,
    close() {
      closed ??= (async () => {
        const done = new Promise<void>((r) => server.close(() => r()));
        book.finish(ctx.upstreams);
        for (const s of ctx.upstreams.keys()) s.destroy();
        for (const s of clients) s.destroy();
        server.closeAllConnections();
        await done;
      })();
      return closed;
    },
  };
}
