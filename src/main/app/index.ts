// Electron bootstrap of the workstation: hardening, the app scheme, one window, IPC bound to the same
// services as browser mode. Everything else lives in the services (src/main/*), testable in Node.
import { app, BrowserWindow, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkstation } from '../api';
import { electronProvider } from '../capture/electron';
import { guardAllContents, hardenSession } from './hardening';
import { APP_ORIGIN, hardenedWebPreferences } from './policy';
import { registerAppSchemeAsPrivileged, serveRenderer } from './protocol';
import { bindIpc, sendEvent } from './ipc';
import { safeStorageProtector } from './key-protector';
import { readLaunchOptions } from './launch-options';

// Built as an ES module by electron-vite: no __dirname.
const here = path.dirname(fileURLToPath(import.meta.url));

registerAppSchemeAsPrivileged();
guardAllContents();
// One instance per data folder: two processes on the same encrypted store would race on the outbox.
if (!app.requestSingleInstanceLock()) app.quit();

async function start(): Promise<void> {
  const options = readLaunchOptions(process.env, app.getPath('userData'));
  hardenSession();
  serveRenderer(path.join(here, '../renderer'));
  const workstation = await createWorkstation({
    dataDir: options.dataDir,
    keyProtector: safeStorageProtector(),
    demo: options.demo,
    // Captures run in Electron's own Chromium (hidden window, in-memory partition); the PV opens in the
    // desktop's PDF viewer.
    capture: {
      provider: electronProvider,
      openFile: async (file) => {
        const failure = await shell.openPath(file);
        if (failure) throw new Error(`ouverture impossible : ${failure}`);
      },
    },
  });
  const unbind = bindIpc(workstation.router);

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'PHAROS',
    webPreferences: hardenedWebPreferences(path.join(here, '../preload/index.cjs'), app.isPackaged),
  });
  const unsubscribe = workstation.onEvent((name, payload) => sendEvent(win.webContents, name, payload));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => unsubscribe());
  app.on('before-quit', () => {
    unbind();
    void workstation.close();
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(start)
  .catch((e: unknown) => {
    console.error('PHAROS Workstation n’a pas pu démarrer :', e);
    app.exit(1);
  });
