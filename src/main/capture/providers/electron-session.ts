import type { Session, WebContents } from 'electron';
import type { ProxyEndpoint } from '../cdp';

// The Electron capture window's session, locked down: every permission and device denied, downloads
// cancelled, and every connection sent to the capture's egress proxy (DESIGN §2.5).

const captureContents = new WeakSet<WebContents>();

/** Marks the hidden capture window, whose navigation the app's guard must not hold (app/contents-policy.ts). */
export function markCaptureContents(wc: WebContents): void {
  captureContents.add(wc);
}

export function isCaptureContents(wc: WebContents): boolean {
  return captureContents.has(wc);
}

/** Nothing a page asks of the machine is granted: permissions, device pickers, screen capture. */
export function denyEverything(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setUSBProtectedClassesHandler(() => []);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
  // A picker answered without a device is a refusal; preventDefault keeps Electron's own picker away.
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  ses.on('select-serial-port', (event, _ports, _wc, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('will-download', (_e, item) => item.cancel());
}

/**
 * The same proxy as a Chromium capture: no DIRECT fallback, and '<-loopback>' removes Chromium's implicit
 * direct route to localhost, 127.0.0.0/8 and [::1]. The app's own sessions are untouched.
 */
export async function proxyThrough(ses: Session, proxy: ProxyEndpoint): Promise<void> {
  await ses.setProxy({ mode: 'fixed_servers', proxyRules: `http://${proxy.host}:${proxy.port}`, proxyBypassRules: '<-loopback>' });
  await ses.closeAllConnections();
}
