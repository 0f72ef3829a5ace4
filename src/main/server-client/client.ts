import { Agent, request } from 'undici';
import type { z } from 'zod';
import { ApiErrorSchema, type SignedOutReason } from '@shared/http/api';
import { KindedError, type ErrorKind } from '@shared/result';
import { fingerprintOfDer, normaliseFingerprint } from './fingerprint';

export type ServerClientOptions = {
  serverUrl: string;
  /** The certificate stored at enrolment: the only one this client will ever accept. */
  certPem: string;
  fingerprint: string;
  timeoutMs?: number;
};

export type RequestOptions = { token?: string | null; timeoutMs?: number };

export type ServerClient = {
  readonly serverUrl: string;
  get<S extends z.ZodType>(path: string, schema: S, opts?: RequestOptions): Promise<z.output<S>>;
  post<S extends z.ZodType>(path: string, body: unknown, schema: S, opts?: RequestOptions): Promise<z.output<S>>;
  /** Sends raw bytes (application/octet-stream), e.g. a chunk of evidence. */
  putBytes<S extends z.ZodType>(path: string, bytes: Uint8Array, schema: S, opts?: RequestOptions): Promise<z.output<S>>;
  close(): Promise<void>;
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);

/** HTTPS to the central server with the enrolment certificate pinned; failures become error kinds. */
export function createServerClient(opts: ServerClientOptions): ServerClient {
  const pinned = normaliseFingerprint(opts.fingerprint);
  const base = opts.serverUrl.replace(/\/+$/, '');
  const agent = new Agent({
    connectTimeout: 10_000,
    keepAliveTimeout: 30_000,
    connect: {
      ca: opts.certPem,
      // The pin replaces host-name checking: the server is known by its certificate, whatever address
      // it is reached at (LAN address, name, tunnel).
      checkServerIdentity: (_host, cert) =>
        fingerprintOfDer(cert.raw) === pinned ? undefined : Object.assign(new Error('pinned certificate mismatch'), { code: 'PHAROS_PIN_MISMATCH' }),
    },
  });

  const call = async <S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, schema: S, ro: RequestOptions = {}): Promise<z.output<S>> => {
    const timeout = ro.timeoutMs ?? opts.timeoutMs ?? 30_000;
    const headers: Record<string, string> = { accept: 'application/json' };
    const raw = body instanceof Uint8Array;
    if (body !== undefined) headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
    if (ro.token) headers.authorization = `Bearer ${ro.token}`;
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
        dispatcher: agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (e) {
      throw transportError(e, base);
    }
    const text = await res.body.text().catch((e: unknown) => {
      throw transportError(e, base);
    });
    if (res.statusCode >= 400) throw httpError(res.statusCode, text);
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      throw new KindedError('internal', `Réponse illisible du serveur pour ${path}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new KindedError('internal', `Réponse inattendue du serveur pour ${path} : ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  };

  return {
    serverUrl: base,
    get: (path, schema, ro) => call('GET', path, undefined, schema, ro),
    post: (path, body, schema, ro) => call('POST', path, body, schema, ro),
    putBytes: (path, bytes, schema, ro) => call('PUT', path, bytes, schema, ro),
    close: () => agent.close(),
  };
}

function errorCodes(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') codes.push(c);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

export function transportError(e: unknown, base: string): KindedError {
  if (e instanceof KindedError) return e;
  const codes = errorCodes(e);
  if (codes.some((c) => c === 'PHAROS_PIN_MISMATCH' || c.startsWith('ERR_TLS') || c.includes('CERT') || c === 'ERR_SSL_WRONG_VERSION_NUMBER')) {
    return new KindedError(
      'tls',
      `Le certificat du serveur ${base} n’est plus celui enregistré à l’enrôlement. Ne poursuivez pas : le serveur a changé de certificat ou la connexion est interceptée. Prévenez l’administrateur (un nouvel enrôlement peut être nécessaire).`,
    );
  }
  if (codes.some((c) => NETWORK_CODES.has(c)) || codes.length === 0) {
    return new KindedError('network', `Serveur injoignable (${base}) : ${codes[0] ?? (e as Error).message}. Travail hors ligne ; nouvel essai automatique.`);
  }
  return new KindedError('network', `Échec de la connexion au serveur (${codes[0]}).`);
}

/** A refusal of the server that says why it ended the session (device revoked, account disabled…). */
export class ServerRefusal extends KindedError {
  constructor(
    kind: ErrorKind,
    message: string,
    readonly reason: SignedOutReason,
  ) {
    super(kind, message);
    this.name = 'ServerRefusal';
  }
}

function httpError(status: number, text: string): KindedError {
  let message = `Le serveur a répondu ${status}.`;
  let reason: SignedOutReason | undefined;
  try {
    const body = ApiErrorSchema.safeParse(JSON.parse(text));
    if (body.success) {
      message = body.data.error.message;
      reason = body.data.error.reason;
    }
  } catch {
    // not JSON: keep the generic message
  }
  return reason ? new ServerRefusal(kindOfStatus(status), message, reason) : new KindedError(kindOfStatus(status), message);
}

function kindOfStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return status === 502 || status === 503 || status === 504 ? 'network' : 'internal';
  return 'validation';
}
