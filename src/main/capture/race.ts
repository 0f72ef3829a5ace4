import type { MissingItem } from '@shared/evidence/provenance';
import type { BrowserSession } from './cdp';
import type { CaptureLog } from './log';
import type { NetworkRecorder } from './recorder';
import type { Rendering } from './renderings';

// The waits of a capture's browsing: each is raced against its phase's deadline and the fatal signal, and
// the timer of a race is cleared when the race ends (a pending one kept the command-line process alive for
// the whole budget after the capture was written).

export type Outcome = { kind: 'ok' } | { kind: 'timeout' } | { kind: 'fatal'; reason: string };

export type RunContext = {
  session: BrowserSession;
  recorder: NetworkRecorder;
  log: CaptureLog;
  /** The load and the scroll end here. */
  deadline: number;
  /** The renderings end here. */
  renderUntil: number;
  fatal: Promise<string>;
  step(label: string): void;
};

export type RunResult = {
  loaderId: string | null;
  navigationError: string | null;
  outcome: Outcome;
  renderings: Rendering[];
  /** The renderings not obtained, with why. */
  missing: MissingItem[];
  /** The page's renderer stopped answering (a script that never yields): the browser must be closed now. */
  stuck: boolean;
  scroller: string;
  title: string;
};

/** A promise that settles after `ms`; its timer is short and always runs out (polling steps only). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Resolve with the value, or 'timeout' at the deadline, or the fatal reason if the browser is lost. */
export async function bounded<T>(ctx: Pick<RunContext, 'deadline' | 'fatal'>, p: Promise<T>, until = ctx.deadline): Promise<{ v: T } | Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.then((v) => ({ v })),
      new Promise<Outcome>((r) => (timer = setTimeout(() => r({ kind: 'timeout' }), Math.max(0, until - Date.now())))),
      ctx.fatal.then((reason): Outcome => ({ kind: 'fatal', reason })),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the page's renderer still answers: a script that never yields (`while (true) {}`) blocks its
 * main thread, and every rendering would then wait for nothing.
 */
export async function answers(ctx: RunContext, ms: number): Promise<Outcome> {
  const probe = ctx.session.page.send('Runtime.evaluate', { expression: '1', returnByValue: true }).catch(() => null);
  const r = await bounded(ctx, probe, Date.now() + ms);
  return 'v' in r ? { kind: 'ok' } : r;
}

/** Time given to a renderer to answer before it is declared stuck (a loaded machine may be slow). */
export const PROBE_MS = 5_000;

