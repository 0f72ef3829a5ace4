import { KindedError } from '@shared';

/**
 * Pull position. `version`: the highest report version the client has seen. `highWater`: the newest
 * version when the client started from nothing; reports out of scope at a version ≤ highWater were never
 * sent to it, so they need no `del` (a fresh cyberpatrol workstation does not get 100 000 deletions).
 */
export type PullCursor = { version: number; highWater: number };

export function encodeCursor(c: PullCursor): string {
  return Buffer.from(`v1:${c.version}:${c.highWater}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): PullCursor {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^v1:(\d{1,15}):(\d{1,15})$/.exec(text);
  if (!m) throw new KindedError('validation', 'Curseur de synchronisation invalide : recommencez la synchronisation depuis le début.');
  return { version: Number(m[1]), highWater: Number(m[2]) };
}
