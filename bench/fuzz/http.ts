import tls from 'node:tls';

/**
 * Requests written byte for byte on a TLS socket: the fuzzer needs what an HTTP client library refuses
 * to send (NUL or raw Latin-1 in a header, a wrong Content-Length, duplicated headers, invalid UTF-8).
 */
export type RawRequest = {
  method: string;
  /** Sent as it is on the request line (may hold percent-escapes, or raw bytes through latin1). */
  path: string;
  /** Header lines as written (name and value), in order; duplicates allowed. */
  headers: readonly (readonly [string, string])[];
  body: Buffer;
  /** Leave out the Content-Length this client otherwise adds. */
  noContentLength?: boolean;
  /** The body is shorter than declared: the client closes its side after writing (the server may not answer). */
  truncated?: boolean;
};
export type RawResponse = { status: number; headers: Map<string, string>; body: string };

export type RawClient = { send(req: RawRequest): Promise<RawResponse>; close(): void };

/** No answer at all within this time counts as status 0 (reported, never a pass). */
const TIMEOUT_MS = 30_000;

export function rawClient(url: string, caPem: string): RawClient {
  const { hostname, port } = new URL(url);
  let session: Buffer | undefined;
  const send = (req: RawRequest): Promise<RawResponse> =>
    new Promise((resolve) => {
      const socket = tls.connect({ host: hostname, port: Number(port), ca: caPem, servername: hostname === '127.0.0.1' ? undefined : hostname, session });
      socket.on('session', (s: Buffer) => (session = s));
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(parseResponse(Buffer.concat(chunks)));
      };
      const timer = setTimeout(finish, TIMEOUT_MS);
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', finish);
      socket.on('close', finish);
      socket.on('error', finish);
      socket.on('secureConnect', () => {
        const lines = [`${req.method} ${req.path} HTTP/1.1`, `Host: ${hostname}:${port}`, ...req.headers.map(([k, v]) => `${k}: ${v}`)];
        if (!req.noContentLength) lines.push(`Content-Length: ${req.body.length}`);
        lines.push('Connection: close', '', '');
        const bytes = Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), req.body]);
        if (req.truncated) socket.end(bytes);
        else socket.write(bytes);
      });
    });
  return { send, close: () => undefined };
}

function parseResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split === -1 ? raw.length : split).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  let body = split === -1 ? Buffer.alloc(0) : raw.subarray(split + 4);
  if (headers.get('transfer-encoding')?.includes('chunked')) body = unchunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf('\r\n', at);
    if (eol === -1) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
