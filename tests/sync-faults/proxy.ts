import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

/**
 * A loopback HTTPS proxy between workstations and the server that misbehaves on purpose. It presents the
 * server's own certificate (the workstations' pin still matches) and forwards each request, or: drops
 * it, drops the response after the server has answered (and committed), delays it, sends it twice at
 * once, or sends it again later (a stale copy arriving after newer requests: reordering).
 */
export const FAULTS = ['pass', 'dropRequest', 'dropResponse', 'delay', 'duplicate', 'lateDuplicate'] as const;
export type Fault = (typeof FAULTS)[number];

export type FaultProxy = {
  url: string;
  /** Chooses the fault of each request; `pass` for all when faults are off. */
  setChooser(choose: ((path: string) => Fault) | null): void;
  counts: Record<Fault | 'upstreamDown', number>;
  /** Waits for the late duplicates still to be sent. */
  settle(): Promise<void>;
  close(): Promise<void>;
};

type Forwarded = { status: number; headers: Record<string, string>; body: Buffer };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(opts: { cert: string; key: string; upstream: string; rnd: () => number }): Promise<FaultProxy> {
  const agent = new Agent({ connect: { ca: opts.cert, checkServerIdentity: () => undefined } });
  let choose: ((path: string) => Fault) | null = null;
  const late = new Set<Promise<unknown>>();
  const counts = Object.fromEntries([...FAULTS, 'upstreamDown'].map((f) => [f, 0])) as FaultProxy['counts'];

  const forward = async (req: IncomingMessage, body: Buffer): Promise<Forwarded> => {
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'authorization', 'accept']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const res = await request(`${opts.upstream}${req.url ?? '/'}`, { method: req.method as 'POST', headers, body: body.length > 0 ? body : undefined, dispatcher: agent });
    const out = Buffer.from(await res.body.arrayBuffer());
    const type = res.headers['content-type'];
    return { status: res.statusCode, headers: typeof type === 'string' ? { 'content-type': type } : {}, body: out };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const fault = choose?.(req.url ?? '') ?? 'pass';
    counts[fault] += 1;
    if (fault === 'dropRequest') {
      req.socket.destroy();
      return;
    }
    if (fault === 'delay') await sleep(Math.floor(opts.rnd() * 40));
    if (fault === 'lateDuplicate') {
      const p = sleep(10 + Math.floor(opts.rnd() * 60)).then(() => forward(req, body)).catch(() => undefined);
      late.add(p);
      void p.finally(() => late.delete(p));
    }
    let answer: Forwarded;
    try {
      answer = fault === 'duplicate' ? (await Promise.allSettled([forward(req, body), forward(req, body)])).map(settledValue).find((x) => x) ?? (await Promise.reject(new Error('both copies failed'))) : await forward(req, body);
    } catch {
      // The server is down (restart): the workstation sees a reset connection, as it would for real.
      counts.upstreamDown += 1;
      req.socket.destroy();
      return;
    }
    if (fault === 'dropResponse') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };

  const server: Server = createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    setChooser: (c) => {
      choose = c;
    },
    counts,
    settle: async () => {
      while (late.size > 0) await Promise.allSettled([...late]);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}

function settledValue(r: PromiseSettledResult<Forwarded>): Forwarded | undefined {
  return r.status === 'fulfilled' ? r.value : undefined;
}
