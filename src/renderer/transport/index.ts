import type { Transport } from '@shared';
import { browserSocket, storageResumeStore } from './socket';
import { takeLocationToken } from './location-token';
import { WsTransport } from './ws-transport';

export { WsTransport, type ConnectionState } from './ws-transport';
export { memoryResumeStore, storageResumeStore, type ResumeStore, type SocketClose, type SocketFactory, type SocketLike, type SocketMessage } from './socket';
export { takeLocationToken } from './location-token';

/**
 * Electron: the preload's bridge. Browser mode: the WebSocket of the local host, if the page was
 * opened with a token (or this tab already holds a session); otherwise nothing, and the UI explains
 * how to open the right address.
 */
export type TransportChoice =
  | { kind: 'ipc'; transport: Transport }
  | { kind: 'ws'; transport: WsTransport }
  | { kind: 'none' };

export function selectTransport(win: Window): TransportChoice {
  if (win.pharos) return { kind: 'ipc', transport: win.pharos };
  const token = takeLocationToken(win.location, win.history);
  const resume = storageResumeStore(win.sessionStorage);
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = new WsTransport({ origin: `${scheme}://${win.location.host}`, token, resume, createSocket: browserSocket });
  if (!transport.hasCredentials()) return { kind: 'none' };
  transport.connect();
  return { kind: 'ws', transport };
}
