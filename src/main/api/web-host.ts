import { createServer, type IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH, WS_RESUME_PARAM, WS_TOKEN_PARAM, type WsClientFrame, type WsServerFrame } from '@shared/api/channels';
import type { Workstation } from './workstation';
import { contentSecurityPolicy, serveStatic } from './static-files';

export type WebHostOptions = { workstation: Workstation; staticDir: string; port?: number };
export type WebHost = { url: string; port: number; close(): Promise<void> };

const MAX_FRAME_BYTES = 1024 * 1024;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Browser mode: the renderer and the API for one local officer, on 127.0.0.1 only. The one-time
 * token of the printed URL is exchanged on the first WebSocket for a resume token (kept by the page
 * in sessionStorage to survive a reload); a reused or wrong token, a foreign Origin or Host is refused.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  let oneTime: string | null = randomBytes(32).toString('base64url');
  const firstToken = oneTime;
  const resumeTokens = new Set<string>();
  const sockets = new Set<WebSocket>();
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const securityHeaders = (): Record<string, string> => ({
    'content-security-policy': contentSecurityPolicy(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  });

  const server = createServer((req, res) => {
    // Host check defeats DNS rebinding: a page from elsewhere resolving its name to 127.0.0.1.
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421).end();
      return;
    }
    serveStatic(opts.staticDir, req, res, securityHeaders()).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const admit = (req: IncomingMessage): { resumeToken: string | null } | null => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH) return null;
    if (!allowedHosts().includes(req.headers.host ?? '')) return null;
    const origin = req.headers.origin;
    if (!origin || !allowedHosts().some((h) => origin === `http://${h}`)) return null;
    const token = url.searchParams.get(WS_TOKEN_PARAM);
    const resume = url.searchParams.get(WS_RESUME_PARAM);
    if (token && oneTime && sameSecret(token, oneTime)) {
      oneTime = null; // one use only
      const fresh = randomBytes(32).toString('base64url');
      resumeTokens.add(fresh);
      return { resumeToken: fresh };
    }
    if (resume && [...resumeTokens].some((t) => sameSecret(resume, t))) return { resumeToken: null };
    return null;
  };

  let closing = false;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A page whose socket was closed reconnects at once: once closing, nothing more is upgraded (an
    // upgraded socket is no HTTP connection any more, and server.close() would wait for it for good).
    if (closing) return void socket.destroy();
    const admitted = admit(req);
    if (!admitted) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, admitted.resumeToken));
  });

  const send = (ws: WebSocket, frame: WsServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const attach = (ws: WebSocket, resumeToken: string | null): void => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    if (resumeToken) send(ws, { type: 'session', resumeToken });
    ws.on('message', (data) => {
      let frame: WsClientFrame;
      try {
        frame = JSON.parse(String(data)) as WsClientFrame;
      } catch {
        ws.close(1003, 'invalid frame');
        return;
      }
      if (frame?.type !== 'invoke' || typeof frame.id !== 'number') {
        ws.close(1003, 'invalid frame');
        return;
      }
      void opts.workstation.router(frame.method, frame.input, { transport: 'ws' }).then((result) => send(ws, { type: 'result', id: frame.id, result }));
    });
  };

  const unsubscribe = opts.workstation.onEvent((name, payload) => {
    for (const ws of sockets) send(ws, { type: 'event', name, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/#${WS_TOKEN_PARAM}=${firstToken}`,
    port,
    close: async () => {
      closing = true;
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive connections of the page, idle or not
      await closed;
    },
  };
}
