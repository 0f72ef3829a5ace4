/**
 * The subset of the browser WebSocket the transport uses. Declared here so that tests can drive the
 * transport with a fake socket or with the `ws` package's client, which has the same shape.
 */
export type SocketMessage = { data: unknown };
export type SocketClose = { code: number; reason?: string };

export type SocketLike = {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: SocketMessage) => void) | null;
  onclose: ((ev: SocketClose) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

export type SocketFactory = (url: string) => SocketLike;

export const browserSocket: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike;

/** Where the resume token of the browser-mode session is kept (sessionStorage: dies with the tab). */
export type ResumeStore = { get(): string | null; set(token: string): void; clear(): void };

const RESUME_KEY = 'pharos.ws.resume';

export function storageResumeStore(storage: Storage): ResumeStore {
  return {
    get: () => storage.getItem(RESUME_KEY),
    set: (token) => storage.setItem(RESUME_KEY, token),
    clear: () => storage.removeItem(RESUME_KEY),
  };
}

export function memoryResumeStore(initial: string | null = null): ResumeStore {
  let value = initial;
  return {
    get: () => value,
    set: (token) => {
      value = token;
    },
    clear: () => {
      value = null;
    },
  };
}
