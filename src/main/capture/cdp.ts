import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';

// The engine speaks raw CDP so that it runs the same on a Chromium launched by puppeteer-core and on
// Electron's own Chromium (webContents.debugger): a provider only has to hand over two sessions.

export type CdpCommand = keyof ProtocolMapping.Commands;
export type CdpEvent = keyof ProtocolMapping.Events;
export type CdpParams<M extends CdpCommand> = ProtocolMapping.Commands[M]['paramsType'];
export type CdpReturn<M extends CdpCommand> = ProtocolMapping.Commands[M]['returnType'];
export type CdpEventParams<E extends CdpEvent> = ProtocolMapping.Events[E] extends [infer P] ? P : undefined;

export type CdpSession = {
  send<M extends CdpCommand>(method: M, ...params: CdpParams<M>): Promise<CdpReturn<M>>;
  on<E extends CdpEvent>(event: E, handler: (params: CdpEventParams<E>) => void): void;
  off<E extends CdpEvent>(event: E, handler: (params: CdpEventParams<E>) => void): void;
};

export type BrowserVersions = { product: string; userAgent: string; protocol: string };

/**
 * One fresh, isolated browsing context for one capture. `control` sees every target of the context
 * (request interception for popups and workers too, downloads, target creation); `page` is the tab that
 * loads the URL. With Electron both may be the same debugger session.
 */
export type BrowserSession = {
  control: CdpSession;
  page: CdpSession;
  pageTargetId: string;
  versions: BrowserVersions;
  /**
   * The session of a target attached under one of these sessions by a flattened auto-attach (workers),
   * null if the host cannot reach it.
   */
  child(sessionId: string): CdpSession | null;
  /** Resolves with a reason when the browser process dies or the connection is lost. */
  lost: Promise<string>;
  close(): Promise<void>;
};

/** The capture's egress proxy: every connection of the browser must go through it (DESIGN §2.5). */
export type ProxyEndpoint = { host: string; port: number };

export type BrowserProvider = {
  name: string;
  /** `signal`: the capture is abandoned while the browser starts (a host that can stop a launch does). */
  open(opts: { viewport: { width: number; height: number }; proxy?: ProxyEndpoint; signal?: AbortSignal }): Promise<BrowserSession>;
};
