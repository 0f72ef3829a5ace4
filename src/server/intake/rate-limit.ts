/**
 * Fixed-window counter per client address for the public form: enough to stop a script flooding the
 * queue that analysts work by hand, without any state outside the process.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly limit: { max: number; timeWindowMs: number }) {}

  /** Counts a hit; returns the seconds to wait when the limit is exceeded, else null. */
  hit(key: string, now = Date.now()): number | null {
    if (this.windows.size > 50_000) this.sweep(now);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.limit.timeWindowMs });
      return null;
    }
    w.count += 1;
    return w.count > this.limit.max ? Math.ceil((w.resetAt - now) / 1000) : null;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
