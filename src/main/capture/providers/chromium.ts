import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { CDPSession } from 'puppeteer-core';
import type { BrowserProvider, BrowserSession, CdpSession, ProxyEndpoint } from '../cdp';
import { within } from '../within';

export type ChromiumProviderOptions = {
  executablePath?: string;
  /** Where the throw-away profiles go (default: the OS temp folder). */
  profileRoot?: string;
  /** Extra Chromium switches (with a proxy, --host-resolver-rules is the engine's: only the proxy resolves). */
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
  // Also off: the browser's own prediction and preloading (prerender, navigation and search preconnects).
  '--disable-features=IsolateOrigins,site-per-process,MediaRouter,OptimizationHints,Prerender2,NavigationPredictor,PreconnectToSearch,LoadingPredictorUseLocalPredictions,PreloadingHeuristics',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--disable-dev-shm-usage',
  // window.open and target=_blank create nothing; the page's attempt is still logged (hostile.ts).
  '--block-new-web-contents',
];

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * How the capture's browser context is sent to the egress proxy (DESIGN §2.5). The proxy is set on the
 * capture's own browser context, not browser-wide: the page, its frames, popups and workers all live in that
 * context, while the browser's own background requests (clock, updates, sign-in) stay outside it and have no
 * resolver at all (below), so they never reach the network nor the capture's log.
 * - proxyServer: HTTP through absolute-URI requests, HTTPS and WebSockets through CONNECT; there is no
 *   DIRECT fallback, so a proxy failure is a failed request, never a direct connection.
 * - proxyBypassList <-loopback>: Chromium goes direct to localhost, 127.0.0.0/8 and [::1] even with a
 *   proxy unless its implicit bypass rules are removed — exactly the addresses a hostile page aims at.
 */
export function contextProxy(proxy: ProxyEndpoint): { proxyServer: string; proxyBypassList: string[] } {
  return { proxyServer: `http://${proxy.host}:${proxy.port}`, proxyBypassList: ['<-loopback>'] };
}

/**
 * Every name Chromium would resolve itself fails: only the proxy resolves, so nothing that is not proxied
 * can learn an address (and no DNS query leaves for it). The proxy's own address is kept.
 */
export function resolverSwitch(proxy: ProxyEndpoint): string {
  return `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${proxy.host}`;
}

/**
 * Network prediction off in the fresh profile: no speculative preconnect, DNS pre-resolution, prefetch or
 * prerender by the browser itself (preference net.network_prediction_options, 2 = disabled; Chromium 156
 * has no --dns-prefetch-disable switch any more). What a page asks for (<link rel=preconnect>) still goes
 * through the proxy like any connection.
 */
async function writePreferences(profile: string): Promise<void> {
  await fs.mkdir(path.join(profile, 'Default'), { recursive: true });
  const prefs = { net: { network_prediction_options: 2 }, dns_prefetching: { enabled: false } };
  await fs.writeFile(path.join(profile, 'Default', 'Preferences'), JSON.stringify(prefs));
}

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
    async open({ viewport, proxy, signal }): Promise<BrowserSession> {
      const root = options.profileRoot ?? os.tmpdir();
      const profile = await fs.mkdtemp(path.join(root, 'pharos-capture-profile-'));
      let browser;
      try {
        await writePreferences(profile);
        browser = await puppeteer.launch({
          executablePath,
          headless: true,
          userDataDir: profile,
          // The resolver switch comes last: Chromium keeps the last of a repeated switch, and it must win.
          args: [...FLAGS, `--window-size=${viewport.width},${viewport.height}`, ...(options.extraArgs ?? []), ...(proxy ? [resolverSwitch(proxy)] : [])],
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
        const context = await b.createBrowserContext(proxy ? contextProxy(proxy) : {});
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
