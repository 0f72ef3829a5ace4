import { WS_PATH, WS_RESUME_PARAM, WS_TOKEN_PARAM, err, type Result, type Transport, type WsClientFrame, type WsServerFrame } from '@shared';
import type { ResumeStore, SocketClose, SocketFactory, SocketLike } from './socket';

/**
 * `rejected`: the local host refused our credentials (token used or unknown, session expired): only a
 * fresh address from `npm run start:web` can help, so the UI says so instead of retrying forever.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'rejected';

export type WsTransportOptions = {
  /** `ws://host:port`, without path. */
  origin: string;
  /** One-time token from the address, used for the first connection only. */
  token: string | null;
  resume: ResumeStore;
  createSocket: SocketFactory;
  /** How long a call made while disconnected waits for the connection before failing. */
  waitForOpenMs?: number;
  backoffMs?: readonly number[];
};

type Pending = (result: Result<unknown>) => void;
type Waiter = { send: () => void; fail: () => void };

const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 4000, 8000] as const;
const OPEN = 1;
/** Handshake failures with the resume token before the session is declared lost. */
const MAX_RESUME_FAILURES = 3;

/** Close codes by which the local host refuses a connection (application range, or policy violation). */
function isRejection(close: SocketClose): boolean {
  return close.code === 1008 || (close.code >= 4000 && close.code <= 4999);
}

function isServerFrame(v: unknown): v is WsServerFrame {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

export class WsTransport implements Transport {
  private socket: SocketLike | null = null;
  private state: ConnectionState = 'closed';
  private token: string | null;
  private nextId = 1;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private opened = false;
  private resumeFailures = 0;
  private rejectedWith: SocketClose | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(name: string, payload: unknown) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(private readonly opts: WsTransportOptions) {
    // A fresh address is tried first; an older session of this tab stays as the fallback (the
    // address may be a spent one reopened from the history).
    this.token = opts.token;
  }

  /** True when there is something to connect with: a one-time token or a resume token. */
  hasCredentials(): boolean {
    return this.token !== null || this.opts.resume.get() !== null;
  }

  connection(): ConnectionState {
    return this.state;
  }

  /** The close code and reason by which the local host ended the session, when it said (idle, lifetime). */
  rejection(): SocketClose | null {
    return this.rejectedWith;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  connect(): void {
    if (this.stopped || this.socket) return;
    const url = this.url();
    if (!url) return this.setState('rejected');
    this.setState('connecting');
    this.opened = false;
    const socket = this.opts.createSocket(url);
    this.socket = socket;
    socket.onopen = () => this.handleOpen();
    socket.onmessage = (ev) => this.handleMessage(ev.data);
    socket.onclose = (ev) => this.handleClose(socket, ev);
    socket.onerror = () => undefined; // a close event always follows; it carries what we need
  }

  invoke(method: string, input: unknown): Promise<Result<unknown>> {
    if (this.state === 'rejected') return Promise.resolve(err('unauthorized', 'session du navigateur refusée'));
    return new Promise((resolve) => {
      if (this.state === 'open') return this.send(method, input, resolve);
      // Disconnected: wait briefly for the reconnection rather than failing a call at once.
      const waiter: Waiter = {
        send: () => {
          clearTimeout(timeout);
          this.send(method, input, resolve);
        },
        fail: () => {
          clearTimeout(timeout);
          resolve(err('network', 'connexion au poste de travail indisponible'));
        },
      };
      const timeout = setTimeout(() => {
        this.waiters.delete(waiter);
        waiter.fail();
      }, this.opts.waitForOpenMs ?? 4000);
      this.waiters.add(waiter);
      if (this.state === 'closed' && !this.timer) this.connect();
    });
  }

  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000, 'closed by the page');
    this.socket = null;
    this.failAll();
    this.setState('closed');
  }

  private url(): string | null {
    const base = `${this.opts.origin}${WS_PATH}`;
    if (this.token) return `${base}?${WS_TOKEN_PARAM}=${encodeURIComponent(this.token)}`;
    const resume = this.opts.resume.get();
    return resume ? `${base}?${WS_RESUME_PARAM}=${encodeURIComponent(resume)}` : null;
  }

  private send(method: string, input: unknown, resolve: Pending): void {
    const id = this.nextId++;
    const frame: WsClientFrame = { type: 'invoke', id, method, input };
    this.pending.set(id, resolve);
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      this.pending.delete(id);
      resolve(err('network', 'envoi impossible sur la connexion du poste de travail'));
    }
  }

  private handleOpen(): void {
    this.attempt = 0;
    this.opened = true;
    this.resumeFailures = 0;
    this.setState('open');
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w.send();
  }

  private handleMessage(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return; // not ours: ignore rather than break the session
    }
    if (!isServerFrame(frame)) return;
    switch (frame.type) {
      case 'result': {
        const resolve = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        resolve?.(frame.result as Result<unknown>);
        return;
      }
      case 'event':
        for (const l of [...this.listeners]) l(frame.name, frame.payload);
        return;
      case 'session':
        // From now on reconnections (and reloads of this tab) resume this session; the one-time
        // token is spent.
        this.opts.resume.set(frame.resumeToken);
        this.token = null;
        return;
      default: {
        const never: never = frame;
        return never;
      }
    }
  }

  private handleClose(socket: SocketLike, ev: SocketClose): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.failAll();
    if (this.stopped) return;
    // The local host refuses a bad token at the handshake (HTTP 403): the browser only sees the
    // socket close before it opened, as it would if the host were down. Both mean our credential is
    // no good any more (the host keeps its tokens in memory: a restarted host has new ones).
    if ((isRejection(ev) || !this.opened) && this.credentialFailed(isRejection(ev))) {
      this.rejectedWith = isRejection(ev) ? { code: ev.code, reason: ev.reason ?? '' } : null;
      this.failWaiters();
      return this.setState('rejected');
    }
    this.setState('closed');
    this.scheduleReconnect();
  }

  /** Drops what failed; true when nothing is left to connect with. */
  private credentialFailed(definite: boolean): boolean {
    if (this.token) {
      this.token = null; // one-time: a failed attempt spends it
    } else if (definite || ++this.resumeFailures >= MAX_RESUME_FAILURES) {
      this.opts.resume.clear();
    }
    return !this.hasCredentials();
  }

  private scheduleReconnect(): void {
    const backoff = this.opts.backoffMs ?? DEFAULT_BACKOFF;
    const delay = backoff[Math.min(this.attempt, backoff.length - 1)] ?? 1000;
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  /** Calls in flight cannot be answered on another connection: they fail as network errors. */
  private failAll(): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of pending) resolve(err('network', 'connexion au poste de travail interrompue'));
  }

  private failWaiters(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w.fail();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of [...this.stateListeners]) l(state);
  }

  /** Exposed for tests and diagnostics. */
  isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }
}
