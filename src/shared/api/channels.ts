/** Every channel string of the workstation API, in one place (Electron IPC and WebSocket frames). */
export const CHANNELS = {
  /** renderer → main: { method, input } → Result */
  invoke: 'pharos:invoke',
  /** main → renderer: { name, payload } */
  event: 'pharos:event',
} as const;

/** WebSocket frames of browser mode. */
export type WsClientFrame = { type: 'invoke'; id: number; method: string; input: unknown };
export type WsServerFrame =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'session'; resumeToken: string };

/** Query parameter names of the browser-mode WebSocket URL. */
export const WS_PATH = '/api/ws';
export const WS_TOKEN_PARAM = 'token';
export const WS_RESUME_PARAM = 'resume';

/**
 * Close codes by which the local host ends a browser-mode session (application range: the page treats
 * them as a refusal and asks for a fresh address): unused for too long, or past its absolute lifetime.
 */
export const WS_CLOSE_IDLE = 4001;
export const WS_CLOSE_EXPIRED = 4002;
