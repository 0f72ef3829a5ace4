import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The renderer is served from a privileged custom scheme rather than file:// (Electron security
 * checklist): a stable origin for CSP and sender checks, and no access to the rest of the disk.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://pharos`;

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves files of `rootDir` only; anything resolving outside it is a 404. */
export function serveRenderer(rootDir: string): void {
  const root = path.resolve(rootDir);
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.host !== 'pharos') return new Response('not found', { status: 404 });
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

/** True when a frame URL belongs to our renderer: the only sender the IPC router accepts. */
export function isAppUrl(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    return new URL(frameUrl).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
