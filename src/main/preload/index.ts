// The only bridge between the sandboxed renderer and the privileged side: two functions, no raw
// ipcRenderer, no Node. Inputs are validated by the router in the main process, not here.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS } from '@shared/api/channels';

type EventFrame = { name: string; payload: unknown };

const bridge = {
  invoke(method: string, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(CHANNELS.invoke, { method, input });
  },
  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    const handler = (_e: IpcRendererEvent, frame: EventFrame) => listener(frame.name, frame.payload);
    ipcRenderer.on(CHANNELS.event, handler);
    return () => {
      ipcRenderer.removeListener(CHANNELS.event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('pharos', bridge);
