// The provenance record of one capture (DESIGN §2.3): everything a court needs to know about how, when and
// by whom a page was captured. Pure types so the UI, the server and the workstation read the same shape.

export type CaptureState = 'complete' | 'partial' | 'failed';

/** Why a request never left the browser (or was cut off after it did). */
export type BlockReason =
  | 'scheme' // not http(s): file:, ftp:, chrome:, …
  | 'forbidden-address' // loopback, link-local, private, multicast, … and not allowed by configuration
  | 'dns-failure'
  | 'dns-rebinding' // the browser connected to another address than the one checked
  | 'popup'
  | 'size-budget'
  | 'service-worker' // no service worker is installed during a capture
  | 'after-end' // arrived once the capture was closing
  | 'egress-protocol'; // refused by the egress proxy as traffic it does not carry (WebSocket, tunnel without TLS, …)

export type BlockedRequest = { url: string; reason: BlockReason; detail: string; at: string };

export type DnsAnswer = { host: string; addresses: string[]; at: string };

/**
 * One connection the capture's egress proxy opened or refused (DESIGN §2.5): the name asked for, every
 * address it resolved to, the one address connected to (always one of those, checked before), when, how
 * many bytes, and the refusal if any. `tls` ties the certificate chain the browser saw to this connection.
 */
export type EgressConnection = {
  id: number;
  kind: 'http' | 'tunnel';
  host: string;
  port: number;
  resolved: string[];
  connected: string | null;
  local: string | null; // the workstation's address:port for this connection
  startedAt: string;
  endedAt: string | null;
  bytesSent: number;
  bytesReceived: number;
  refused: { reason: BlockReason; detail: string } | null;
  error: string | null;
  tls: { origin: string; chainSha256: string[]; source: 'browser' } | null;
};

/** Something the page tried and the capture refused or dismissed. */
export type PageEvent = {
  kind: 'dialog' | 'download' | 'popup' | 'crash' | 'network-error' | 'step-error' | 'worker';
  detail: string;
  at: string;
};

/** A part of the capture that was not obtained: a rendering (by its file name) or the page's full load. */
export type MissingItem = { item: string; reason: string };

export type RedirectHop = { url: string; status: number; location: string };

export type CaptureOptions = {
  /** The whole capture, from start to signed package; loading, renderings and packaging share it. */
  timeBudgetMs: number;
  sizeBudgetBytes: number;
  scrollBudgetMs: number;
  viewport: { width: number; height: number };
  fullPageMaxHeight: number;
  allowHosts: string[];
  acceptInvalidCertificates: boolean;
  provider: string;
};

export type Provenance = {
  captureId: string;
  reportId: string | null;
  operator: string;
  persona: string | null;
  legalBasis: string;
  startedAt: string; // UTC, millisecond precision
  endedAt: string;
  urlGiven: string;
  finalUrl: string | null;
  redirectChain: RedirectHop[];
  httpStatus: number | null;
  egressIp: string | null; // local address of the interface used to reach the target
  remoteIp: string | null;
  userAgent: string;
  browserVersion: string;
  toolVersion: string;
  os: string;
  options: CaptureOptions;
  blockedRequests: BlockedRequest[];
  dnsAnswers: DnsAnswer[];
  /** The egress proxy's connections: where the connected IPs of the WARC records come from. */
  connections: EgressConnection[];
  events: PageEvent[];
  state: CaptureState;
  reason: string; // why the state is what it is ("" when complete)
  /** What a complete capture has and this one lacks, with why (empty when complete). */
  missing: MissingItem[];
  scroller: string;
};

/** One file of a capture as listed in the WACZ datapackage and the PV. */
export type ArtifactDigest = { path: string; bytes: number; sha256: string };
