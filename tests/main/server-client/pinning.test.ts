import { createServer, type Server } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KindedError } from '@shared/result';
import { createServerClient, fetchPinnedCertificate, normaliseFingerprint } from '../../../src/main/server-client';

async function makeCert(): Promise<{ cert: string; key: string; fingerprint: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

let server: Server;
let url: string;
let good: Awaited<ReturnType<typeof makeCert>>;
let other: Awaited<ReturnType<typeof makeCert>>;

beforeAll(async () => {
  good = await makeCert();
  other = await makeCert();
  server = createServer({ cert: good.cert, key: good.key }, (req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.url === '/ok') return send(200, { hello: 'world', auth: req.headers.authorization ?? null });
    if (req.url === '/401') return send(401, { error: { kind: 'unauthorized', message: 'Jeton expiré' } });
    if (req.url === '/422') return send(400, { error: { kind: 'validation', message: 'code: trop court' } });
    if (req.url === '/500') return send(500, { error: { kind: 'internal', message: 'boom' } });
    if (req.url === '/503') return send(503, {});
    return send(200, { unexpected: true });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const Hello = z.object({ hello: z.string(), auth: z.string().nullable() });

async function failure(p: Promise<unknown>): Promise<KindedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KindedError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('certificate pinning', () => {
  it('normalises what the officer typed', () => {
    const hex = good.fingerprint.replace(/:/g, '');
    expect(normaliseFingerprint(` ${good.fingerprint.toLowerCase().replace(/:/g, ' ')} `)).toBe(hex);
    expect(() => normaliseFingerprint('AB:CD')).toThrow(KindedError);
  });

  it('accepts the server whose certificate matches the fingerprint, and keeps its certificate', async () => {
    const pinned = await fetchPinnedCertificate(url, good.fingerprint.toLowerCase());
    expect(new X509Certificate(pinned.pem).fingerprint256).toBe(good.fingerprint);
    const client = createServerClient({ serverUrl: url, certPem: pinned.pem, fingerprint: pinned.fingerprint });
    expect(await client.get('/ok', Hello, { token: 'T' })).toEqual({ hello: 'world', auth: 'Bearer T' });
    await client.close();
  });

  it('refuses a fingerprint that does not match, with a tls error saying what to check', async () => {
    const e = await failure(fetchPinnedCertificate(url, other.fingerprint));
    expect(e.kind).toBe('tls');
    expect(e.message).toMatch(/empreinte/);
  });

  it('refuses a server that presents another certificate than the pinned one', async () => {
    const client = createServerClient({ serverUrl: url, certPem: other.cert, fingerprint: other.fingerprint });
    expect((await failure(client.get('/ok', Hello))).kind).toBe('tls');
    await client.close();
  });

  it('maps HTTP failures to error kinds with the server message', async () => {
    const client = createServerClient({ serverUrl: url, certPem: good.cert, fingerprint: good.fingerprint });
    expect(await failure(client.get('/401', Hello))).toMatchObject({ kind: 'unauthorized', message: 'Jeton expiré' });
    expect(await failure(client.post('/422', {}, Hello))).toMatchObject({ kind: 'validation', message: 'code: trop court' });
    expect((await failure(client.get('/500', Hello))).kind).toBe('internal');
    expect((await failure(client.get('/503', Hello))).kind).toBe('network');
    expect((await failure(client.get('/other', Hello))).kind).toBe('internal');
    await client.close();
  });

  it('reports an unreachable server as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect((await failure(fetchPinnedCertificate(`https://127.0.0.1:${port}`, good.fingerprint))).kind).toBe('network');
    const client = createServerClient({ serverUrl: `https://127.0.0.1:${port}`, certPem: good.cert, fingerprint: good.fingerprint });
    expect((await failure(client.get('/ok', Hello))).kind).toBe('network');
    await client.close();
  });
});
