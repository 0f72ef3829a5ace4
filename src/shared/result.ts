// Results cross every boundary (IPC, WebSocket, HTTP client) as values, never as thrown strings.

export const ERROR_KINDS = [
  'validation', // input rejected by a schema: fix the input
  'unauthorized', // not logged in, or the token expired: log in again
  'forbidden', // logged in, but the role or ownership does not allow it
  'not_found',
  'conflict', // version or state does not allow it any more
  'locked', // the vault is locked: unlock first
  'wrong_passphrase',
  'network', // the server cannot be reached: retry later, work offline
  'tls', // the server certificate does not match the pinned one
  'rate_limited',
  'unsupported', // e.g. a database written by a newer version
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export type AppError = { kind: ErrorKind; message: string };
export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (kind: ErrorKind, message: string): Err => ({ ok: false, error: { kind, message } });

/** An error that carries its kind, thrown inside services and turned into an Err at the boundary. */
export class KindedError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'KindedError';
  }
}

export function toAppError(e: unknown): AppError {
  if (e instanceof KindedError) return { kind: e.kind, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message };
}
