// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { WS_PATH, type WsClientFrame } from '@shared';
import { WsTransport, memoryResumeStore, type SocketLike } from '../../../src/renderer/transport';

// The transport against a real WebSocket server speaking the browser-mode frames: one-time token on
// the first connection, resume token afterwards, events pushed by the server.
type Server = { wss: WebSocketServer; origin: string; urls: string[]; drop: () => void; push: (name: string, payload: unknown) => void };

async function startServer(): Promise<Server> {
  let spent = false;
  const admitted = (raw: string | undefined): boolean => {
    const url = new URL(raw ?? '/', 'ws://x');
    const token = url.searchParams.get('token');
    const resume = url.searchParams.get('resume');
    return url.pathname === WS_PATH && ((token === 'good' && !spent) || resume === 'resume-1');
  };
  // Like the workstation's web host: a bad credential is refused at the handshake (HTTP 403).
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (info: { req: { url?: string } }) => admitted(info.req.url) });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const urls: string[] = [];
  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'ws://x');
    urls.push(`${url.pathname}${url.search}`);
    spent = true;
    ws.send(JSON.stringify({ type: 'session', resumeToken: 'resume-1' }));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as WsClientFrame;
      ws.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value: { echo: frame.method, input: frame.input } } }));
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    wss,
    origin: `ws://127.0.0.1:${port}`,
    urls,
    drop: () => wss.clients.forEach((c) => c.terminate()),
    push: (name, payload) => wss.clients.forEach((c) => c.send(JSON.stringify({ type: 'event', name, payload }))),
  };
}

let server: Server | null = null;
let transport: WsTransport | null = null;
afterEach(async () => {
  transport?.close();
  await new Promise<void>((r) => (server ? server.wss.close(() => r()) : r()));
  server = null;
});

const createSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;

describe('WsTransport against a real WebSocket server', () => {
  it('exchanges the token, calls, receives events, and resumes after a drop', async () => {
    server = await startServer();
    const resume = memoryResumeStore();
    transport = new WsTransport({ origin: server.origin, token: 'good', resume, createSocket, backoffMs: [20] });
    transport.connect();
    expect(await transport.invoke('vault.status', {})).toEqual({ ok: true, value: { echo: 'vault.status', input: {} } });
    await vi.waitFor(() => expect(resume.get()).toBe('resume-1'));

    const events: string[] = [];
    transport.onEvent((name) => events.push(name));
    server.push('sync.status', { syncing: true });
    await vi.waitFor(() => expect(events).toEqual(['sync.status']));

    server.drop();
    await vi.waitFor(() => expect(server?.urls).toHaveLength(2));
    expect(server.urls[1]).toBe(`${WS_PATH}?resume=resume-1`);
    await vi.waitFor(() => expect(transport?.connection()).toBe('open'));
    expect(await transport.invoke('queue.page', { offset: 0 })).toMatchObject({ ok: true, value: { echo: 'queue.page' } });
  });

  it('ends in the rejected state when the token is refused at the handshake', async () => {
    server = await startServer();
    transport = new WsTransport({ origin: server.origin, token: 'bad', resume: memoryResumeStore(), createSocket, backoffMs: [20] });
    transport.connect();
    await vi.waitFor(() => expect(transport?.connection()).toBe('rejected'));
  });
});
