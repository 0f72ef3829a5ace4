import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS } from '@shared/api/channels';
import { err, type Result } from '@shared/result';
import type { Router } from '@shared/api/router';
import { isAppUrl } from './protocol';

type InvokeFrame = { method: unknown; input: unknown };

function isInvokeFrame(v: unknown): v is InvokeFrame {
  return typeof v === 'object' && v !== null && 'method' in v;
}

/**
 * Binds the router to Electron IPC. Every call is checked at the boundary: the sender frame must be
 * our renderer's top frame (checklist item 17), the frame must have the expected shape, and the
 * router validates the input against the contract.
 */
export function bindIpc(router: Router): () => void {
  const handler = async (event: IpcMainInvokeEvent, frame: unknown): Promise<Result<unknown>> => {
    const sender = event.senderFrame;
    if (!sender || sender.parent !== null || !isAppUrl(sender.url)) {
      return err('forbidden', 'appel refusé : expéditeur inconnu');
    }
    if (!isInvokeFrame(frame)) return err('validation', 'message IPC mal formé');
    return router(frame.method, frame.input, { transport: 'ipc' });
  };
  ipcMain.handle(CHANNELS.invoke, handler);
  return () => ipcMain.removeHandler(CHANNELS.invoke);
}

export function sendEvent(contents: WebContents, name: string, payload: unknown): void {
  if (!contents.isDestroyed()) contents.send(CHANNELS.event, { name, payload });
}
