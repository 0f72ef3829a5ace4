import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WS_CLOSE_EXPIRED, WS_CLOSE_IDLE } from '@shared/api/channels';

/**
 * Lifetimes of a browser tab's session (its resume token): `idleMs` without a call from the tab, and
 * `absoluteMs` since the one-time token was exchanged, whatever the activity.
 */
export type ResumeLimits = { idleMs: number; absoluteMs: number };
export const DEFAULT_RESUME_LIMITS: ResumeLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };

export type Expiry = { code: number; reason: string };
type TabSession = { createdAt: number; lastUsedAt: number };

const IDLE: Expiry = { code: WS_CLOSE_IDLE, reason: 'Session de la page expirée après inactivité' };
const EXPIRED: Expiry = { code: WS_CLOSE_EXPIRED, reason: 'Durée maximale de la session de la page atteinte' };

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The resume tokens of the tabs of a web host, with their idle and absolute limits. */
export class TabSessions {
  private readonly sessions = new Map<string, TabSession>();

  constructor(
    private readonly limits: ResumeLimits,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    this.sessions.set(token, { createdAt: at, lastUsedAt: at });
    return token;
  }

  /** The token held by the tab, if it is one of ours (compared in constant time). */
  find(presented: string): string | null {
    for (const token of this.sessions.keys()) if (sameSecret(presented, token)) return token;
    return null;
  }

  /** Why the session is over (and then it is forgotten), or null while it is alive. */
  expiry(token: string): Expiry | null {
    const s = this.sessions.get(token);
    if (!s) return EXPIRED;
    const at = this.now();
    const over = at - s.createdAt >= this.limits.absoluteMs ? EXPIRED : at - s.lastUsedAt >= this.limits.idleMs ? IDLE : null;
    if (over) this.sessions.delete(token);
    return over;
  }

  /** A call from the tab (or its reconnection): the idle limit starts again. */
  touch(token: string): void {
    const s = this.sessions.get(token);
    if (s) s.lastUsedAt = this.now();
  }
}
