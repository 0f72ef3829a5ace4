// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WS_PATH } from '@shared';
import { WsTransport, memoryResumeStore } from '../../../src/renderer/transport';
import { socketFactory } from './fake-socket';

function setup(token: string | null = 'one-time', resume: string | null = null) {
  const f = socketFactory();
  const store = memoryResumeStore(resume);
  const t = new WsTransport({ origin: 'ws://127.0.0.1:4000', token, resume: store, createSocket: f.create, waitForOpenMs: 200, backoffMs: [10] });
  return { f, store, t };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WsTransport', () => {
  it('connects with the one-time token, then keeps the resume token of the session frame', () => {
    const { f, store, t } = setup();
    t.connect();
    expect(f.last().url).toBe(`ws://127.0.0.1:4000${WS_PATH}?token=one-time`);
    f.last().open();
    f.last().receive({ type: 'session', resumeToken: 'resume-1' });
    expect(store.get()).toBe('resume-1');
    expect(t.connection()).toBe('open');
  });

  it('reconnects with the resume token after the connection drops, never with the spent token', async () => {
    const { f, t } = setup();
    t.connect();
    f.last().open();
    f.last().receive({ type: 'session', resumeToken: 'resume 1' });
    f.last().serverClose(1006);
    expect(t.connection()).toBe('closed');
    await vi.waitFor(() => expect(f.sockets.length).toBe(2));
    expect(f.last().url).toBe(`ws://127.0.0.1:4000${WS_PATH}?resume=resume%201`);
  });

  it('a fresh token in the address is tried first, the older session of the tab is the fallback', async () => {
    const { f, t } = setup('spent-token', 'old-resume');
    t.connect();
    expect(f.last().url).toContain('?token=spent-token');
    f.last().serverClose(1006); // refused at the handshake: never opened
    await vi.waitFor(() => expect(f.sockets.length).toBe(2));
    expect(f.last().url).toContain('?resume=old-resume');
  });

  it('a resume token refused at the handshake three times ends the session', async () => {
    const { f, store, t } = setup(null, 'gone');
    t.connect();
    for (let i = 1; i <= 3; i++) {
      await vi.waitFor(() => expect(f.sockets.length).toBe(i));
      f.last().serverClose(1006);
    }
    expect(t.connection()).toBe('rejected');
    expect(store.get()).toBeNull();
  });

  it('a drop after the connection was open keeps the session and retries', async () => {
    const { f, store, t } = setup(null, 'r1');
    t.connect();
    for (let i = 1; i <= 4; i++) {
      await vi.waitFor(() => expect(f.sockets.length).toBe(i));
      f.last().open();
      f.last().serverClose(1006);
    }
    expect(store.get()).toBe('r1');
    expect(t.connection()).not.toBe('rejected');
  });

  it('matches responses to requests by id, in any order', async () => {
    const { f, t } = setup();
    t.connect();
    f.last().open();
    const a = t.invoke('vault.status', {});
    const b = t.invoke('sync.status', {});
    const [fa, fb] = f.last().sent as { id: number; method: string; type: string }[];
    expect(fa).toMatchObject({ type: 'invoke', method: 'vault.status' });
    expect(fb).toMatchObject({ type: 'invoke', method: 'sync.status' });
    f.last().receive({ type: 'result', id: fb?.id, result: { ok: true, value: 'B' } });
    f.last().receive({ type: 'result', id: fa?.id, result: { ok: true, value: 'A' } });
    expect(await a).toEqual({ ok: true, value: 'A' });
    expect(await b).toEqual({ ok: true, value: 'B' });
  });

  it('dispatches events to every listener until unsubscribed', () => {
    const { f, t } = setup();
    t.connect();
    f.last().open();
    const seen: [string, unknown][] = [];
    const off = t.onEvent((n, p) => seen.push([n, p]));
    f.last().receive({ type: 'event', name: 'sync.status', payload: { syncing: true } });
    off();
    f.last().receive({ type: 'event', name: 'sync.status', payload: { syncing: false } });
    expect(seen).toEqual([['sync.status', { syncing: true }]]);
  });

  it('fails calls in flight with a network error when the connection drops', async () => {
    const { f, t } = setup();
    t.connect();
    f.last().open();
    const call = t.invoke('sync.now', {});
    f.last().serverClose(1006);
    const r = await call;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('network');
  });

  it('a call made while disconnected waits for the connection, then is sent', async () => {
    const { f, t } = setup();
    t.connect();
    const call = t.invoke('vault.status', {});
    expect(f.last().sent).toHaveLength(0);
    f.last().open();
    const frame = f.last().sent[0] as { id: number };
    f.last().receive({ type: 'result', id: frame.id, result: { ok: true, value: 1 } });
    expect(await call).toEqual({ ok: true, value: 1 });
  });

  it('a call made while disconnected fails with a network error when the wait runs out', async () => {
    const { t } = setup();
    t.connect();
    const r = await t.invoke('vault.status', {});
    expect(r).toMatchObject({ ok: false, error: { kind: 'network' } });
  });

  it('a refused resume token ends in the rejected state and is forgotten', async () => {
    const { f, store, t } = setup(null, 'expired');
    t.connect();
    f.last().serverClose(4401);
    expect(t.connection()).toBe('rejected');
    expect(store.get()).toBeNull();
    expect(await t.invoke('vault.status', {})).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    await new Promise((r) => setTimeout(r, 30));
    expect(f.sockets).toHaveLength(1);
  });

  it('ignores frames that are not JSON and results for unknown ids', () => {
    const { f, t } = setup();
    t.connect();
    f.last().open();
    expect(() => f.last().onmessage?.({ data: 'not json' })).not.toThrow();
    expect(() => f.last().receive({ type: 'result', id: 999, result: { ok: true, value: 0 } })).not.toThrow();
  });

  it('stops reconnecting once closed by the page', async () => {
    const { f, t } = setup();
    t.connect();
    f.last().open();
    t.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(f.sockets).toHaveLength(1);
  });
});
