import type Protocol from 'devtools-protocol';
import type { BrowserSession, CdpSession } from './cdp';
import type { CaptureLog } from './log';
import { NO_SOCKETS } from './recorder';
import { within } from './within';

// Workers run their own scripts in their own global scope, out of reach of the script that removes the
// socket constructors from the page's frames, and WebSockets pass neither through request interception
// nor through DevTools URL blocking. So every worker is auto-attached paused before its first statement,
// gets the same removal, and only then runs; workers it starts are held the same way.
//
// Nothing may stay paused by mistake, and nothing may run unguarded: each attached target is, within
// PREPARE_TIMEOUT_MS, either prepared and resumed, or closed. Chromium cannot close a dedicated worker
// ("doesn't support closing"): one that cannot be prepared in time stays paused, never runs, and goes
// with the browser context discarded at the end of the capture. Service workers are refused outright: their
// script request is refused by the guard (guard.ts), which is what keeps them from running (the browser
// driver's own page session may resume one); one that starts anyway is closed. All is logged.
//
// The auto-attach lives on this capture's own sessions and ends when they are closed with the context.
// On the browser-wide session it also sees other contexts' shared and service workers: those are let go
// at once, untouched.

type Attached = Protocol.Target.AttachedToTargetEvent;
type Filter = Protocol.Target.TargetFilter;
type TargetInfo = Protocol.Target.TargetInfo;

/** Past this, a worker still not prepared is never run. */
export const PREPARE_TIMEOUT_MS = 10_000;

const DEDICATED: Filter = [{ type: 'worker' }, { exclude: true }];
const BROWSER_WIDE: Filter = [{ type: 'shared_worker' }, { type: 'service_worker' }, { exclude: true }];
/** A host with a single tab session (Electron) reaches dedicated and service workers only. */
const TAB_ONLY: Filter = [{ type: 'worker' }, { type: 'service_worker' }, { exclude: true }];

/**
 * A tab session reaches neither shared workers nor, at the network layer, a service worker's script: on such
 * a host the page may start neither (refused in every frame, like the socket constructors).
 */
const TAB_ONLY_REFUSALS = `(() => {
  const no = (what) => new DOMException(what + ' refusé pendant la capture', 'SecurityError');
  try {
    Object.defineProperty(globalThis, 'SharedWorker', { value: function () { throw no('SharedWorker'); }, configurable: false, writable: false });
  } catch (e) {}
  try {
    const register = function () { return Promise.reject(no('service worker')); };
    Object.defineProperty(ServiceWorkerContainer.prototype, 'register', { value: register, configurable: false, writable: false });
  } catch (e) {}
})();`;

export type WorkerGuard = {
  /** The capture is closing: targets still arriving stay paused and go with the context, unlogged. */
  stop(): void;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `follow` gets each worker's session before the worker runs (the recorder listens to its traffic there). */
export async function guardWorkers(
  s: BrowserSession,
  log: CaptureLog,
  follow: (worker: CdpSession) => Promise<void>,
  timeoutMs = PREPARE_TIMEOUT_MS,
): Promise<WorkerGuard> {
  const { targetInfo } = await s.page.send('Target.getTargetInfo');
  const context = targetInfo.browserContextId;
  let stopped = false;

  const watch = async (parent: CdpSession, filter: Filter): Promise<void> => {
    parent.on('Target.attachedToTarget', (e) => void handle(parent, e));
    await parent.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter });
  };

  /** Record its traffic, remove the constructors, hold the workers it starts; then it may run. */
  const prepare = async (w: CdpSession): Promise<void> => {
    await follow(w);
    const r = await w.send('Runtime.evaluate', { expression: NO_SOCKETS });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
    await watch(w, DEDICATED);
  };

  const refuse = async (t: TargetInfo, why: string): Promise<void> => {
    const closed = await s.control.send('Target.closeTarget', { targetId: t.targetId }).then(
      () => true,
      () => false,
    );
    if (!stopped) log.event('worker', `${why}${closed ? '' : ', laissé en pause jusqu’à la fin de la capture'} : ${t.url}`);
  };

  const handle = async (parent: CdpSession, e: Attached): Promise<void> => {
    if (stopped) return;
    const t = e.targetInfo;
    const w = s.child(e.sessionId);
    if (context && t.browserContextId && t.browserContextId !== context) {
      await w?.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
      await parent.send('Target.detachFromTarget', { sessionId: e.sessionId }).catch(() => undefined);
      return;
    }
    if (t.type === 'service_worker') return refuse(t, 'service worker refusé pendant la capture');
    if (!w) return refuse(t, 'worker arrêté avant de s’exécuter (session inaccessible)');
    const ready = await within(prepare(w).then(() => 'ok' as const), timeoutMs).catch(message);
    if (ready !== 'ok') return refuse(t, `worker arrêté avant de s’exécuter (${ready === 'timeout' ? 'délai dépassé' : ready})`);
    await w.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
  };

  if (s.control === s.page) {
    await s.page.send('Page.addScriptToEvaluateOnNewDocument', { source: TAB_ONLY_REFUSALS, runImmediately: true });
    await watch(s.page, TAB_ONLY);
  } else {
    await watch(s.page, DEDICATED);
    await watch(s.control, BROWSER_WIDE);
  }
  return { stop: () => void (stopped = true) };
}
