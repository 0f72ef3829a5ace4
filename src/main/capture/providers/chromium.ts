import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { CDPSession } from 'puppeteer-core';
import type { BrowserProvider, BrowserSession, CdpSession } from '../cdp';
import { within } from '../within';

export type ChromiumProviderOptions = {
  executablePath?: string;
  /** Where the throw-away profiles go (default: the OS temp folder). */
  profileRoot?: string;
  /** Extra Chromium switches (tests use --host-resolver-rules to simulate DNS rebinding). */
  extraArgs?: string[];
};

// Launch flags that work headless as root on the target machines (STACK.md), plus: no WebRTC leaks of local
// addresses, and cross-site iframes kept in the page's process so the page session records their traffic.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=IsolateOrigins,site-per-process,MediaRouter,OptimizationHints',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--disable-dev-shm-usage',
  // window.open and target=_blank create nothing; the page's attempt is still logged (hostile.ts).
  '--block-new-web-contents',
];

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** puppeteer's CDPSession has the same typed send/on/off as ours; this only narrows the type. */
function asSession(s: CDPSession): CdpSession {
  return s as unknown as CdpSession;
}

/**
 * puppeteer auto-attaches to every non-page target of the browser and resumes it at once. A shared worker
 * resumed by it could run before the engine removed its socket constructors (seen in trials), so the engine
 * could not hold it before its first statement (workers.ts): puppeteer's own browser-wide auto-attach is
 * re-issued with its parameters (puppeteer-core 24), leaving shared and service workers out. Dedicated
 * workers need nothing: each client's pause holds them until that client resumes them.
 */
async function leaveSharedAndServiceWorkers(control: CDPSession): Promise<void> {
  const root = control.connection();
  if (!root) throw new Error('connexion au navigateur introuvable');
  await root.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: true,
    filter: [{ type: 'page', exclude: true }, { type: 'shared_worker', exclude: true }, { type: 'service_worker', exclude: true }, {}],
  });
}

/**
 * A Chromium process per capture with a fresh profile folder, removed on close: nothing of one capture
 * (cookies, cache, service workers) can be seen by the next one.
 */
export function chromiumProvider(options: ChromiumProviderOptions = {}): BrowserProvider {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM;
  return {
    name: 'chromium',
    async open({ viewport, signal }): Promise<BrowserSession> {
      const root = options.profileRoot ?? os.tmpdir();
      const profile = await fs.mkdtemp(path.join(root, 'pharos-capture-profile-'));
      let browser;
      try {
        browser = await puppeteer.launch({
          executablePath,
          headless: true,
          userDataDir: profile,
          args: [...FLAGS, `--window-size=${viewport.width},${viewport.height}`, ...(options.extraArgs ?? [])],
          defaultViewport: null,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
          protocolTimeout: 30_000,
          signal, // a launch that never ends (a browser that never answers) is killed on shutdown
        });
      } catch (e) {
        await fs.rm(profile, { recursive: true, force: true });
        throw e;
      }
      const b = browser;
      const lost = new Promise<string>((resolve) => {
        b.once('disconnected', () => resolve('le navigateur s’est arrêté (processus terminé ou connexion perdue)'));
      });
      const kill = async () => {
        // A crashed or stuck browser may refuse a clean close: kill the process rather than wait on it.
        // Its timer is cleared either way (within): a pending one kept the command-line process alive.
        await within(b.close(), 3_000);
        b.process()?.kill('SIGKILL');
        await fs.rm(profile, { recursive: true, force: true, maxRetries: 3 });
      };
      let setup;
      try {
        const control = await b.target().createCDPSession();
        await leaveSharedAndServiceWorkers(control);
        const context = await b.createBrowserContext();
        const page = await context.newPage();
        const pageSession = await page.createCDPSession();
        const { targetInfo } = await pageSession.send('Target.getTargetInfo');
        const version = await control.send('Browser.getVersion');
        setup = { control, pageSession, targetInfo, version };
      } catch (e) {
        await kill(); // never leave a browser behind when the session cannot be set up
        throw e;
      }
      const { control, pageSession, targetInfo, version } = setup;
      return {
        control: asSession(control),
        page: asSession(pageSession),
        pageTargetId: targetInfo.targetId,
        child: (sessionId) => {
          const c = pageSession.connection()?.session(sessionId);
          return c ? asSession(c) : null;
        },
        versions: { product: version.product, userAgent: version.userAgent, protocol: version.protocolVersion },
        lost,
        close: kill,
      };
    },
  };
}
