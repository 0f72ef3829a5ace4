import { app, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN, RENDERER_CSP } from './policy';

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

/** Per-contents guards: no navigation away from the app, no new windows, no webviews. */
export function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links to the live web are never opened here (reported pages may be illegal content); only an
  // explicit https link of our own documentation would go to the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://www.internet-signalement.gouv.fr/')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Applies the guards to every web contents ever created, including ones we did not create. */
export function guardAllContents(): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
}
