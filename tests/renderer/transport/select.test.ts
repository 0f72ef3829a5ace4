// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectTransport, takeLocationToken } from '../../../src/renderer/transport';
import { FakeSocket } from './fake-socket';

afterEach(() => {
  vi.unstubAllGlobals();
  delete window.pharos;
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

describe('transport selection', () => {
  it('uses the Electron bridge when the preload exposed it', () => {
    window.pharos = { invoke: async () => ({ ok: true, value: null }), onEvent: () => () => undefined };
    expect(selectTransport(window).kind).toBe('ipc');
  });

  it('uses the WebSocket with the token of the address, and removes the token from the address', () => {
    const sockets: FakeSocket[] = [];
    vi.stubGlobal('WebSocket', function (url: string) {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    });
    history.replaceState(null, '', '/index.html#token=abc123');
    const choice = selectTransport(window);
    expect(choice.kind).toBe('ws');
    expect(sockets[0]?.url).toMatch(/\/api\/ws\?token=abc123$/);
    expect(location.hash).toBe('');
    expect(location.pathname).toBe('/index.html');
  });

  it('resumes from sessionStorage after a reload (no token in the address any more)', () => {
    const sockets: FakeSocket[] = [];
    vi.stubGlobal('WebSocket', function (url: string) {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    });
    sessionStorage.setItem('pharos.ws.resume', 'r-42');
    expect(selectTransport(window).kind).toBe('ws');
    expect(sockets[0]?.url).toMatch(/\?resume=r-42$/);
  });

  it('has nothing to connect with when there is neither token nor session', () => {
    expect(selectTransport(window).kind).toBe('none');
  });

  it('keeps other parts of the address when taking the token', () => {
    const replace = vi.fn();
    const token = takeLocationToken({ hash: '#token=t1&view=queue', search: '?lang=fr', pathname: '/' }, { replaceState: replace });
    expect(token).toBe('t1');
    expect(replace).toHaveBeenCalledWith(null, '', '/?lang=fr#view=queue');
  });
});
