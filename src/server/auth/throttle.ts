import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { queryRows, type Tx } from '../db/rows';
import { ApiRefusal } from '../http/errors';

/**
 * Login throttle per account and per device: the first `freeFailures` consecutive failures cost
 * nothing, each further attempt must wait `baseDelayMs` doubled per failure (capped at `maxDelayMs`),
 * and `lockAfter` consecutive failures lock the key for `lockMs` (each failure after that locks it again).
 */
export type ThrottlePolicy = { freeFailures: number; baseDelayMs: number; maxDelayMs: number; lockAfter: number; lockMs: number };

export const DEFAULT_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 60_000, lockAfter: 10, lockMs: 15 * 60_000 };

export const accountKey = (username: string): string => `user:${username}`;
export const deviceKey = (deviceId: string): string => `device:${deviceId}`;

/** What the gate let through: the failure counts this attempt will have if the password is wrong. */
export type Admitted = { key: string; failures: number; lockedUntil: Date | null }[];

class Refused extends Error {
  constructor(readonly key: string) {
    super('throttled');
  }
}

/**
 * Counts this attempt against every key before the password is checked, in one transaction, and only
 * if no key is locked or waiting: parallel guesses each take a count, so none slips past the gate.
 * A refused attempt changes nothing and throws a 429 saying how long to wait.
 */
export async function admitAttempt(db: Db, keys: readonly string[], policy: ThrottlePolicy, now = new Date()): Promise<Admitted> {
  try {
    return await db.transaction(async (tx) => {
      const admitted: Admitted = [];
      for (const key of keys) {
        const row = await countAttempt(tx, key, policy, now);
        if (!row) throw new Refused(key);
        admitted.push(row);
      }
      return admitted;
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    throw await refusal(db, e.key, policy, now);
  }
}

async function countAttempt(tx: Tx, key: string, p: ThrottlePolicy, now: Date): Promise<Admitted[number] | null> {
  const at = now.toISOString();
  await tx.execute(sql`insert into login_throttle (key) values (${key}) on conflict do nothing`);
  const rows = await queryRows<{ failures: number; locked_until: string | Date | null }>(
    tx,
    sql`update login_throttle set failures = failures + 1, last_attempt_at = ${at}::timestamptz,
          locked_until = case when failures + 1 >= ${p.lockAfter}::int then ${at}::timestamptz + ${p.lockMs}::int * interval '1 millisecond' else locked_until end
        where key = ${key}
          and (locked_until is null or locked_until <= ${at}::timestamptz)
          and (failures < ${p.freeFailures}::int or last_attempt_at is null
               or last_attempt_at + ${delaySql(p)} * interval '1 millisecond' <= ${at}::timestamptz)
        returning failures, locked_until`,
  );
  const row = rows[0];
  return row ? { key, failures: Number(row.failures), lockedUntil: row.locked_until ? new Date(row.locked_until) : null } : null;
}

/** The wait after `failures` consecutive failures, in ms (SQL, over the row's own count). */
function delaySql(p: ThrottlePolicy) {
  return sql`least(${p.maxDelayMs}::float8, ${p.baseDelayMs}::float8 * power(2::float8, greatest(failures - ${p.freeFailures}::int, 0)))`;
}

/** The 429 for a refused attempt: locked (until when) or waiting (how many seconds), in French. */
async function refusal(db: Db, key: string, p: ThrottlePolicy, now: Date): Promise<ApiRefusal> {
  const rows = await queryRows<{ locked_until: string | Date | null; next_at: string | Date | null }>(
    db,
    sql`select locked_until, last_attempt_at + ${delaySql(p)} * interval '1 millisecond' as next_at from login_throttle where key = ${key}`,
  );
  const row = rows[0];
  const lockedUntil = row?.locked_until ? new Date(row.locked_until) : null;
  const locked = lockedUntil !== null && lockedUntil > now;
  const until = locked ? lockedUntil : row?.next_at ? new Date(row.next_at) : now;
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const what = key.startsWith('device:') ? 'ce poste' : 'ce compte';
  const message = locked
    ? `Trop d’échecs de connexion : ${what} est verrouillé pendant ${describeWait(seconds)} (jusqu’à ${until.toISOString().slice(11, 16)} UTC). Un mot de passe correct sera lui aussi refusé d’ici là ; contactez l’administrateur si besoin.`
    : `Trop d’échecs de connexion pour ${what} : patientez ${describeWait(seconds)} avant de réessayer.`;
  return new ApiRefusal('rate_limited', message, { retryAfterSeconds: seconds });
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} min`;
}

/** A correct password: the consecutive failures of every key start again from zero. */
export async function clearFailures(db: Db, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    await db.execute(sql`update login_throttle set failures = 0, locked_until = null where key = ${key}`);
  }
}
