import type { BrowserSession } from './cdp';
import type { CaptureLog } from './log';

// What a hostile page may try besides network requests: dialogs (dismissed), downloads (denied by the
// browser), popups (closed at once; their requests are refused by the guard), a renderer crash (fatal).

export type HostileWatch = { isPopupFrame(frameId: string): boolean };

export async function watchHostile(s: BrowserSession, log: CaptureLog, onFatal: (reason: string) => void): Promise<HostileWatch> {
  const popups = new Set<string>();
  s.page.on('Page.javascriptDialogOpening', (e) => {
    log.event('dialog', `boîte de dialogue ${e.type} refermée : « ${e.message.slice(0, 200)} »`);
    void s.page.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => undefined);
  });
  s.page.on('Inspector.targetCrashed', () => {
    log.event('crash', 'la page a planté');
    onFatal('le processus de la page a planté');
  });
  s.control.on('Browser.downloadWillBegin', (e) => {
    log.event('download', `téléchargement refusé : ${e.url} (${e.suggestedFilename})`);
  });
  await s.control
    .send('Browser.setDownloadBehavior', { behavior: 'deny', eventsEnabled: true })
    .catch(() => log.event('step-error', 'refus des téléchargements non confirmé par le navigateur'));

  const { targetInfos } = await s.control.send('Target.getTargets').catch(() => ({ targetInfos: [] }));
  const known = new Set(targetInfos.map((t) => t.targetId));
  s.control.on('Target.targetCreated', (e) => {
    const t = e.targetInfo;
    if (t.type !== 'page' || known.has(t.targetId) || t.targetId === s.pageTargetId) return;
    popups.add(t.targetId);
    log.event('popup', `fenêtre surgissante bloquée${t.url ? ` : ${t.url}` : ''}`);
    // Its requests are refused by the guard at once; the tab is closed a moment later (closing a tab still
    // being created can stall its opener) and the capture's tab brought back to the front, where it renders.
    setTimeout(() => {
      void s.control.send('Target.closeTarget', { targetId: t.targetId }).catch(() => undefined);
      void s.page.send('Page.bringToFront').catch(() => undefined);
    }, 300);
  });
  await s.control.send('Target.setDiscoverTargets', { discover: true }).catch(() => undefined);
  return { isPopupFrame: (frameId) => popups.has(frameId) };
}
