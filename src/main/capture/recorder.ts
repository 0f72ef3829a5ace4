import type Protocol from 'devtools-protocol';
import type { CdpSession } from './cdp';
import type { CaptureLog } from './log';
import { checkConnected, stripBrackets, type AllowList } from './safety';

// Records every HTTP exchange of the page from the Network domain: one Exchange per hop (a redirect is
// a hop of its own, with its status and Location), bodies fetched as soon as a response finishes.

export type Exchange = {
  key: string;
  url: string;
  method: string;
  requestHeaders: Record<string, string>;
  postData: string | null;
  startedAt: string;
  resourceType: string;
  status: number | null;
  statusText: string;
  responseHeaders: Record<string, string>;
  mimeType: string;
  remoteIp: string | null;
  remotePort: number | null;
  protocol: string;
  security: Protocol.Network.SecurityDetails | null;
  body: Uint8Array | null;
  error: string | null;
  rejected: boolean; // connected to a forbidden address: kept out of the archive
  connectionId: number | null; // the egress proxy's connection it came through (egress/attribution.ts)
};

/** Removes the direct-connection constructors from a global scope (a frame's window or a worker's self). */
export const NO_SOCKETS = `(() => {
  const refuse = function () { throw new DOMException('connexion directe refusée pendant la capture', 'SecurityError'); };
  for (const name of ['WebSocket', 'WebTransport', 'RTCPeerConnection', 'webkitRTCPeerConnection']) {
    try { Object.defineProperty(globalThis, name, { value: refuse, configurable: false, writable: false }); } catch (e) {}
  }
})();`;

export type RecorderHooks = {
  onBytes(n: number): void;
  onFatal(reason: string): void;
  documentBody(networkId: string): Uint8Array | undefined;
  /**
   * True for the egress proxy's own address: behind it the browser reports the proxy as the remote end, and
   * the proxy already checked the real one (its connection records give it to the archive).
   */
  viaProxy?(ip: string, port: number): boolean;
};

export class NetworkRecorder {
  readonly exchanges: Exchange[] = [];
  private readonly current = new Map<string, Exchange>();
  private readonly pending = new Set<Promise<void>>();
  private inflight = 0;
  private readonly streamedDone = new Set<string>();
  private readonly counted = new Map<string, number>();
  lastActivity = Date.now();

  constructor(
    private readonly page: CdpSession,
    private readonly allow: AllowList,
    private readonly log: CaptureLog,
    private readonly hooks: RecorderHooks,
    private readonly mainFrameId: string,
  ) {}

  get inFlight(): number {
    return this.inflight;
  }

  async start(): Promise<void> {
    const p = this.page;
    await this.follow(p);
    // WebSockets pass neither through request interception nor through DevTools URL blocking: the
    // constructors are removed from every frame before any page script runs (workers: see workers.ts).
    await p.send('Page.addScriptToEvaluateOnNewDocument', { source: NO_SOCKETS, runImmediately: true });
    await p.send('Network.setBlockedURLs', {
      urlPatterns: [
        { urlPattern: 'ws://*:*/*', block: true },
        { urlPattern: 'wss://*:*/*', block: true },
      ],
    });
    await p.send('Network.setCacheDisabled', { cacheDisabled: true });
  }

  /**
   * Records the traffic reported on one more session: a worker's requests, and the response of its own
   * script (whose request the page reports but whose end only the worker's session does), are reported there.
   */
  async follow(session: CdpSession): Promise<void> {
    session.on('Network.requestWillBeSent', (e) => this.onRequest(e));
    session.on('Network.responseReceived', (e) => this.onResponse(e));
    session.on('Network.loadingFinished', (e) => this.onFinished(e, session));
    session.on('Network.loadingFailed', (e) => this.onFailed(e));
    session.on('Network.dataReceived', (e) => this.count(e.requestId, Math.max(e.encodedDataLength, e.dataLength)));
    session.on('Network.webSocketCreated', (e) => this.log.block(e.url, 'scheme', 'WebSocket refusé'));
    await session.send('Network.enable', { maxTotalBufferSize: 256 * 1024 * 1024, maxResourceBufferSize: 64 * 1024 * 1024 });
  }

  /** The last hop of a navigation, once its body is in: a non-HTML target never fires a load event. */
  finishedNonHtmlDocument(loaderId: string): boolean {
    const hops = this.exchanges.filter((e) => e.key.startsWith(`${loaderId}#`));
    const last = hops.at(-1);
    if (!last || last.status === null || /html|xml/i.test(last.mimeType)) return false;
    // Chromium streams a PDF to its viewer without a loadingFinished: the body kept at the response stage counts.
    last.body ??= this.hooks.documentBody(loaderId) ?? null;
    if (last.body !== null && !this.streamedDone.has(loaderId)) {
      this.streamedDone.add(loaderId); // it will never report loadingFinished: stop counting it in flight
      this.inflight = Math.max(0, this.inflight - 1);
    }
    return last.body !== null;
  }

  /** Wait for the bodies being read. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** The request id of the top-level navigation (equal to its loader id), once it started. */
  mainLoaderId: string | null = null;

  private onRequest(e: Protocol.Network.RequestWillBeSentEvent): void {
    this.lastActivity = Date.now();
    if (e.type === 'Document' && e.requestId === e.loaderId && e.frameId === this.mainFrameId) this.mainLoaderId ??= e.loaderId;
    const prev = this.current.get(e.requestId);
    if (prev && !e.redirectResponse) return; // the same request seen from a second session
    if (prev && e.redirectResponse) {
      this.fillResponse(prev, e.redirectResponse);
    } else {
      this.inflight++;
    }
    if (e.request.url.startsWith('data:') || e.request.url.startsWith('blob:')) return;
    const ex: Exchange = {
      key: `${e.requestId}#${this.exchanges.length}`,
      url: e.request.url.split('#')[0] ?? e.request.url,
      method: e.request.method,
      requestHeaders: e.request.headers,
      postData: e.request.postData ?? null,
      startedAt: new Date(e.wallTime * 1000).toISOString(),
      resourceType: e.type ?? 'Other',
      status: null,
      statusText: '',
      responseHeaders: {},
      mimeType: '',
      remoteIp: null,
      remotePort: null,
      protocol: '',
      security: null,
      body: null,
      error: null,
      rejected: false,
      connectionId: null,
    };
    this.exchanges.push(ex);
    this.current.set(e.requestId, ex);
  }

  private fillResponse(ex: Exchange, r: Protocol.Network.Response): void {
    ex.status = r.status;
    ex.statusText = r.statusText;
    ex.responseHeaders = r.headers;
    ex.mimeType = r.mimeType;
    ex.protocol = r.protocol ?? '';
    ex.security = r.securityDetails ?? null;
    if (r.remoteIPAddress) {
      ex.remoteIp = stripBrackets(r.remoteIPAddress);
      ex.remotePort = r.remotePort ?? null;
      if (this.hooks.viaProxy?.(ex.remoteIp, ex.remotePort ?? 0)) return;
      // Not through the proxy: the browser connected by itself, the address is checked here after the fact.
      if (!checkConnected(ex.url, ex.remoteIp, ex.remotePort ?? 0, this.allow)) {
        ex.rejected = true;
        this.log.block(ex.url, 'dns-rebinding', `le navigateur s’est connecté à ${ex.remoteIp}, adresse interdite`);
        this.hooks.onFatal(`connexion à une adresse interdite (${ex.remoteIp}) : changement d’adresse DNS`);
      }
    }
  }

  private onResponse(e: Protocol.Network.ResponseReceivedEvent): void {
    this.lastActivity = Date.now();
    const ex = this.current.get(e.requestId);
    if (ex) this.fillResponse(ex, e.response);
  }

  /** Bytes count toward the size budget as they arrive, so a huge or cancelled download still counts. */
  private count(requestId: string, n: number): void {
    this.counted.set(requestId, (this.counted.get(requestId) ?? 0) + n);
    this.hooks.onBytes(n);
  }

  private onFinished(e: Protocol.Network.LoadingFinishedEvent, session: CdpSession): void {
    this.lastActivity = Date.now();
    this.inflight = Math.max(0, this.inflight - 1);
    this.count(e.requestId, Math.max(0, e.encodedDataLength - (this.counted.get(e.requestId) ?? 0)));
    const ex = this.current.get(e.requestId);
    if (!ex || ex.rejected) return;
    this.track(this.readBody(e.requestId, ex, session));
  }

  /** From the session that saw the request finish: only it holds the body. */
  private async readBody(requestId: string, ex: Exchange, session: CdpSession): Promise<void> {
    try {
      const r = await session.send('Network.getResponseBody', { requestId });
      ex.body = Buffer.from(r.body, r.base64Encoded ? 'base64' : 'utf8');
    } catch {
      ex.body = this.hooks.documentBody(requestId) ?? null;
    }
    if (ex.postData === null && ex.method !== 'GET') {
      const post = await session.send('Network.getRequestPostData', { requestId }).catch(() => null);
      ex.postData = post?.postData ?? null;
    }
  }

  private onFailed(e: Protocol.Network.LoadingFailedEvent): void {
    this.lastActivity = Date.now();
    this.inflight = Math.max(0, this.inflight - 1);
    const ex = this.current.get(e.requestId);
    if (!ex) return;
    ex.error = e.blockedReason ? `${e.errorText} (${e.blockedReason})` : e.errorText;
    // A document turned into a denied download fails here but its body was kept at the response stage.
    const body = this.hooks.documentBody(e.requestId);
    if (body && ex.status !== null) ex.body = body;
    if (!e.blockedReason && !e.canceled) this.log.event('network-error', `${ex.url} : ${e.errorText}`);
  }
}
