import http from 'node:http';
import { refuse, checkedDial, type ProxyContext } from './context';
import { canonicalHost } from './resolve';

// Plain HTTP through the proxy: the browser sends an absolute URI, the proxy opens one checked connection
// per request (Connection: close upstream, so each record is one exchange) and streams the answer back.
// A refusal closes the browser's socket without an answer: a made-up 403 would be archived as the site's.

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade']);

function forwardHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, raw[i + 1] ?? '');
  }
  return out;
}

export async function forward(ctx: ProxyContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const raw = req.url ?? '';
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  const host = url ? canonicalHost(url.hostname) : null;
  const port = url ? Number(url.port || 80) : 0;
  const c = ctx.book.open('http', host ?? raw.slice(0, 200), port);
  if (!url || url.protocol !== 'http:' || !host || req.headers.upgrade) {
    const why = req.headers.upgrade ? `mise à niveau ${req.headers.upgrade} refusée` : `requête non relayée (${req.method ?? ''} ${raw.slice(0, 200)})`;
    refuse(ctx, c, raw, 'egress-protocol', why);
    return void req.socket.destroy();
  }
  const upstream = await checkedDial(ctx, c, { host, port }, url.href);
  if (!upstream) return void req.socket.destroy();
  // Raw headers as the browser sent them (same names, order and case), as in message.rawHeaders.
  const out = http.request({
    method: req.method,
    path: `${url.pathname}${url.search}`,
    headers: [...forwardHeaders(req.rawHeaders), 'Connection', 'close'],
    createConnection: () => upstream,
  });
  out.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardHeaders(answer.rawHeaders));
    answer.pipe(res);
  });
  out.on('error', (e) => {
    c.error = e.message;
    req.socket.destroy();
  });
  // The browser gave up (navigation, end of capture): the upstream connection goes with it.
  res.once('close', () => upstream.destroy());
  req.pipe(out);
}
