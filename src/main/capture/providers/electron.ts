import { randomUUID } from 'node:crypto';
import { app, BrowserWindow, session as electronSession } from 'electron';
import type { BrowserProvider, BrowserSession, CdpSession } from '../cdp';
import { denyEverything, markCaptureContents, proxyThrough } from './electron-session';

// Electron's own Chromium reached over CDP (webContents.debugger), in a hidden window with its own in-memory
// session partition, destroyed after the capture. Not runnable in this repository's CI (no Electron binary):
// it is kept deliberately thin and the engine is tested through the Chromium provider, which speaks the same
// CDP. Differences: there is no browser-wide session, so interception covers this tab only; popups are denied
// by the window-open handler and downloads cancelled by the session, in addition to the engine's own checks.
// The window's session goes through the capture's egress proxy like the Chromium provider's context.

type Listener = (params: never) => void;
type Table = Map<string, Set<Listener>>;

/**
 * The tab's session and, by CDP session id, those of the targets auto-attached under it (workers): one
 * 'message' listener per window routes every event, and a target's table goes when it detaches.
 */
function debuggerSessions(wc: Electron.WebContents): (sessionId?: string) => CdpSession {
  const tables = new Map<string, Table>();
  wc.debugger.on('message', (_e, method: string, params: unknown, sessionId?: string) => {
    for (const l of tables.get(sessionId || '')?.get(method) ?? []) (l as (p: unknown) => void)(params);
    if (method === 'Target.detachedFromTarget') tables.delete((params as { sessionId: string }).sessionId);
  });
  return (sessionId = '') => {
    const table: Table = tables.get(sessionId) ?? new Map();
    tables.set(sessionId, table);
    const s = {
      send: (method: string, params?: object) => wc.debugger.sendCommand(method, params ?? {}, sessionId || undefined),
      on: (event: string, handler: Listener) => {
        const set = table.get(event) ?? new Set<Listener>();
        set.add(handler);
        table.set(event, set);
      },
      off: (event: string, handler: Listener) => void table.get(event)?.delete(handler),
    };
    return s as unknown as CdpSession;
  };
}

export function electronProvider(): BrowserProvider {
  return {
    name: 'electron',
    async open({ viewport, proxy }): Promise<BrowserSession> {
      const partition = `pharos-capture-${randomUUID()}`; // no "persist:" prefix: kept in memory only
      const ses = electronSession.fromPartition(partition, { cache: false });
      denyEverything(ses);
      if (!proxy) throw new Error('capture Electron sans proxy de sortie refusée');
      await proxyThrough(ses, proxy);
      const win = new BrowserWindow({
        show: false,
        width: viewport.width,
        height: viewport.height,
        webPreferences: {
          partition,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          offscreen: false,
          // The engine drives the window through webContents.debugger, which needs no DevTools window.
          devTools: !app.isPackaged,
        },
      });
      const wc = win.webContents;
      markCaptureContents(wc);
      wc.setWindowOpenHandler(() => ({ action: 'deny' }));
      wc.on('select-bluetooth-device', (event, _devices, callback) => {
        event.preventDefault();
        callback('');
      });
      const lost = new Promise<string>((resolve) => {
        wc.on('render-process-gone', (_e, d) => resolve(`le rendu de la page s’est arrêté (${d.reason})`));
        wc.debugger.on('detach', (_e, reason: string) => resolve(`débogueur détaché (${reason})`));
      });
      wc.debugger.attach('1.3');
      const sessions = debuggerSessions(wc);
      const cdp = sessions();
      const { targetInfo } = await cdp.send('Target.getTargetInfo');
      const version = await cdp.send('Browser.getVersion');
      return {
        control: cdp,
        page: cdp,
        pageTargetId: targetInfo.targetId,
        child: (sessionId) => sessions(sessionId),
        versions: { product: version.product, userAgent: version.userAgent, protocol: version.protocolVersion },
        lost,
        async close() {
          if (wc.debugger.isAttached()) wc.debugger.detach();
          // The hidden window's renderer is its own process (its own partition): ended outright, since a page
          // whose script never yields would not answer a shutdown request (the engine gave up on it then).
          if (!wc.isDestroyed()) wc.forcefullyCrashRenderer();
          win.destroy();
          await ses.clearStorageData();
        },
      };
    },
  };
}
