// The security policy of the Electron shell as plain values and pure checks (type-only imports of
// electron), so that it is tested in Node where Electron's binary is absent.
import type { BrowserWindowConstructorOptions } from 'electron';
import { err, type Result } from '@shared/result';

export const APP_SCHEME = 'app';
const APP_HOST = 'pharos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Node's URL (used by the main process) gives a custom scheme the opaque origin "null": compare the
 * scheme and host instead of `origin`, which would refuse our own renderer.
 */
function isOurs(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
}

/** Content-Security-Policy of the renderer, also sent as a header for every response of the app scheme. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * webPreferences of every window of the workstation (checklist: isolation, sandbox, no Node, no webview).
 * DevTools only in development: in a packaged build they would let anyone at the desk script the renderer.
 */
export function hardenedWebPreferences(preload: string, packaged: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    devTools: !packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** True when a URL belongs to our renderer: the only origin allowed to navigate or call the API. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return isOurs(new URL(url));
  } catch {
    return false;
  }
}

export type InvokeFrame = { method: unknown; input: unknown };

/**
 * The IPC boundary check: the sender must be our renderer's top frame (not an iframe, not another
 * origin), and the message must have the expected shape. The router then validates the input.
 */
export function checkInvoke(sender: { url: string; isTopFrame: boolean } | null, frame: unknown): Result<InvokeFrame> {
  if (!sender || !sender.isTopFrame || !isAppUrl(sender.url)) return err('forbidden', 'appel refusé : expéditeur inconnu');
  if (typeof frame !== 'object' || frame === null || !('method' in frame)) return err('validation', 'message IPC mal formé');
  const f = frame as { method: unknown; input?: unknown };
  return { ok: true, value: { method: f.method, input: f.input } };
}

/** Relative path inside the renderer folder for an app-scheme URL, or null when it would leave it. */
export function rendererPath(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!isOurs(u)) return null;
  const relative = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  const parts = relative.split(/[\\/]+/);
  if (parts.some((p) => p === '..' || p.includes('\0'))) return null;
  return parts.join('/');
}
