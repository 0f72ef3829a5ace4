import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, rendererPath } from './policy';

/**
 * The renderer is served from a privileged custom scheme rather than file:// (Electron security
 * checklist): a stable origin for CSP and sender checks, and no access to the rest of the disk.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves files of `rootDir` only; anything resolving outside it is a 404. */
export function serveRenderer(rootDir: string): void {
  const root = path.resolve(rootDir);
  protocol.handle(APP_SCHEME, (request) => {
    const relative = rendererPath(request.url);
    if (!relative) return new Response('not found', { status: 404 });
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
