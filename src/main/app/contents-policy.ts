// What each web contents of the desktop app may do when it navigates or opens a window, as pure decisions
// (no electron import) so that they are tested in Node. Two roles: the app's own window, which never leaves
// the app origin, and the hidden capture window, which must follow the reported page wherever its site
// sends it (server redirects, script navigations): its network is held by the capture's egress proxy and
// request guard, not by this guard. Neither ever opens a new window.
import { isAppUrl } from './policy';

export type ContentsRole = 'app' | 'capture';

/** Our documentation is the only thing opened outside, in the system browser, and only from the app. */
const DOCUMENTATION = 'https://www.internet-signalement.gouv.fr/';

const CAPTURE_SCHEMES = new Set(['http:', 'https:']);

function capturable(url: string): boolean {
  if (url === 'about:blank') return true;
  try {
    return CAPTURE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** True when a navigation or redirect of this contents to `url` must be cancelled. */
export function cancelNavigation(role: ContentsRole, url: string): boolean {
  switch (role) {
    case 'app':
      return !isAppUrl(url);
    case 'capture':
      // The page's own site, wherever it goes; never the app's scheme, file: or the browser's pages.
      return !capturable(url);
  }
}

/** window.open, target=_blank and the like: always denied; only the app may hand our documentation out. */
export function windowOpen(role: ContentsRole, url: string): { action: 'deny'; openExternally: string | null } {
  switch (role) {
    case 'app':
      return { action: 'deny', openExternally: url.startsWith(DOCUMENTATION) ? url : null };
    case 'capture':
      return { action: 'deny', openExternally: null };
  }
}
