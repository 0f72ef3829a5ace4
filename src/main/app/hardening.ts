import { app, session, shell, type WebContents } from 'electron';
import { isCaptureContents } from '../capture/electron';
import { cancelNavigation, windowOpen, type ContentsRole } from './contents-policy';
import { RENDERER_CSP } from './policy';

/** Session-wide rules: deny every permission, add the CSP header, refuse downloads. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
}

/**
 * Per-contents guards: no navigation away from the app, no new windows, no webviews. The role is read when
 * each event fires: the capture provider marks its hidden window right after creating it, after this ran.
 */
export function guardContents(contents: WebContents): void {
  const role = (): ContentsRole => (isCaptureContents(contents) ? 'capture' : 'app');
  contents.on('will-navigate', (event, url) => {
    if (cancelNavigation(role(), url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (cancelNavigation(role(), url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links to the live web are never opened here (reported pages may be illegal content); only an
  // explicit https link of our own documentation would go to the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = windowOpen(role(), url);
    if (verdict.openExternally) void shell.openExternal(verdict.openExternally);
    return { action: verdict.action };
  });
}

/** Applies the guards to every web contents ever created, including ones we did not create. */
export function guardAllContents(): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
}
