import { createServer, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH, WS_RESUME_PARAM, WS_TOKEN_PARAM, type WsClientFrame, type WsServerFrame } from '@shared/api/channels';
import type { Workstation } from './workstation';
import { contentSecurityPolicy, serveStatic } from './static-files';
import { DEFAULT_RESUME_LIMITS, sameSecret, TabSessions, type Expiry, type ResumeLimits } from './web-sessions';

/** `resumeLimits`: idle and absolute lifetimes of a tab's session (default 30 min / 12 h). */
export type WebHostOptions = { workstation: Workstation; staticDir: string; port?: number; resumeLimits?: ResumeLimits };
export type WebHost = { url: string; port: number; close(): Promise<void> };

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Browser mode: the renderer and the API for one local officer, on 127.0.0.1 only. The one-time
 * token of the printed URL is exchanged on the first WebSocket for a resume token (kept by the page
 * in sessionStorage to survive a reload); a reused or wrong token, a foreign Origin or Host is refused.
 * A resume token ends after its idle or absolute limit: its sockets are closed, and a tab presenting
 * it is told why (close code and French reason) before the token is forgotten.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  let oneTime: string | null = randomBytes(32).toString('base64url');
  const firstToken = oneTime;
  const limits = opts.resumeLimits ?? DEFAULT_RESUME_LIMITS;
  const tabs = new TabSessions(limits);
  const sockets = new Map<WebSocket, string>();
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

  /** A tab admitted with its session token; `fresh` when the one-time token was just exchanged; `expired` says why not. */
  type Admission = { session: string; fresh: boolean; expired: Expiry | null };
  const admit = (req: IncomingMessage): Admission | null => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH) return null;
    if (!allowedHosts().includes(req.headers.host ?? '')) return null;
    const origin = req.headers.origin;
    if (!origin || !allowedHosts().some((h) => origin === `http://${h}`)) return null;
    const token = url.searchParams.get(WS_TOKEN_PARAM);
    const resume = url.searchParams.get(WS_RESUME_PARAM);
    if (token && oneTime && sameSecret(token, oneTime)) {
      oneTime = null; // one use only
      return { session: tabs.issue(), fresh: true, expired: null };
    }
    const known = resume ? tabs.find(resume) : null;
    if (!known) return null;
    return { session: known, fresh: false, expired: tabs.expiry(known) };
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
    wss.handleUpgrade(req, socket, head, (ws) => {
      // An expired session is told why on an open socket (a refused handshake would say nothing to the page).
      if (admitted.expired) return ws.close(admitted.expired.code, admitted.expired.reason);
      tabs.touch(admitted.session);
      attach(ws, admitted.session, admitted.fresh);
    });
  });

  const send = (ws: WebSocket, frame: WsServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const attach = (ws: WebSocket, session: string, fresh: boolean): void => {
    sockets.set(ws, session);
    ws.on('close', () => sockets.delete(ws));
    if (fresh) send(ws, { type: 'session', resumeToken: session });
    ws.on('message', (data) => {
      const expired = tabs.expiry(session);
      if (expired) return ws.close(expired.code, expired.reason);
      tabs.touch(session);
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
    for (const ws of sockets.keys()) send(ws, { type: 'event', name, payload });
  });
  // Open tabs past a limit are closed with the reason, without waiting for their next call.
  const sweep = setInterval(() => {
    for (const [ws, session] of sockets) {
      const expired = tabs.expiry(session);
      if (expired) ws.close(expired.code, expired.reason);
    }
  }, Math.max(50, Math.min(60_000, limits.idleMs / 4, limits.absoluteMs / 4)));
  sweep.unref();

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
      clearInterval(sweep);
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive connections of the page, idle or not
      await closed;
    },
  };
}
