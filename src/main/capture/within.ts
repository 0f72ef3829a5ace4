/**
 * The value, or 'timeout' past `ms`. The timer is cleared either way: a pending one would keep the CLI from
 * exiting. The promise left behind may still settle later; its rejection is absorbed here.
 */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => undefined);
  try {
    return await Promise.race([p, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
