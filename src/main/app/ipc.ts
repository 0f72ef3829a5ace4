import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS } from '@shared/api/channels';
import type { Result } from '@shared/result';
import type { Router } from '@shared/api/router';
import { checkInvoke } from './policy';

/**
 * Binds the router to Electron IPC. Every call is checked at the boundary: the sender frame must be
 * our renderer's top frame (checklist item 17), the frame must have the expected shape, and the
 * router validates the input against the contract.
 */
export function bindIpc(router: Router): () => void {
  const handler = async (event: IpcMainInvokeEvent, frame: unknown): Promise<Result<unknown>> => {
    const sender = event.senderFrame;
    const checked = checkInvoke(sender ? { url: sender.url, isTopFrame: sender.parent === null } : null, frame);
    if (!checked.ok) return checked;
    return router(checked.value.method, checked.value.input, { transport: 'ipc' });
  };
  ipcMain.handle(CHANNELS.invoke, handler);
  return () => ipcMain.removeHandler(CHANNELS.invoke);
}

export function sendEvent(contents: WebContents, name: string, payload: unknown): void {
  if (!contents.isDestroyed()) contents.send(CHANNELS.event, { name, payload });
}
