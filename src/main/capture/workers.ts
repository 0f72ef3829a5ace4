import type Protocol from 'devtools-protocol';
import type { BrowserSession, CdpSession } from './cdp';
import type { CaptureLog } from './log';
import { NO_SOCKETS } from './recorder';

// Workers run their own scripts in their own global scope, out of reach of the script that removes the
// socket constructors from the page's frames, and WebSockets pass neither through request interception
// nor through DevTools URL blocking. So every worker is auto-attached paused before its first statement,
// gets the same removal, and only then runs; nested workers the same way. A worker that cannot be
// prepared is closed instead of running unguarded.

type Attached = Protocol.Target.AttachedToTargetEvent;
type Filter = Protocol.Target.TargetFilter;

const DEDICATED: Filter = [{ type: 'worker' }, { exclude: true }];
const SHARED: Filter = [{ type: 'shared_worker' }, { type: 'service_worker' }, { exclude: true }];
const ALL: Filter = [{ type: 'worker' }, { type: 'shared_worker' }, { type: 'service_worker' }, { exclude: true }];

export async function guardWorkers(s: BrowserSession, log: CaptureLog): Promise<void> {
  const watch = async (parent: CdpSession, filter: Filter): Promise<void> => {
    parent.on('Target.attachedToTarget', (e) => void prepare(e));
    await parent.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter });
  };
  const prepare = async (e: Attached): Promise<void> => {
    const t = e.targetInfo;
    const w = s.child(e.sessionId);
    if (!w) return refuse(t, 'session inaccessible');
    try {
      w.on('Network.webSocketCreated', (ev) => log.block(ev.url, 'scheme', 'WebSocket refusé (worker)'));
      await w.send('Network.enable', {});
      const r = await w.send('Runtime.evaluate', { expression: NO_SOCKETS });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
      if (t.type === 'worker') await watch(w, DEDICATED);
    } catch (err) {
      return refuse(t, err instanceof Error ? err.message : String(err));
    }
    await w.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
  };
  const refuse = async (t: Protocol.Target.TargetInfo, why: string): Promise<void> => {
    log.event('step-error', `worker arrêté avant de s’exécuter (${why}) : ${t.url}`);
    await s.control.send('Target.closeTarget', { targetId: t.targetId }).catch(() => undefined);
  };
  if (s.control === s.page) return watch(s.page, ALL);
  await watch(s.page, DEDICATED);
  await watch(s.control, SHARED);
}
