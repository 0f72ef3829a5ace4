import type { Result } from '@shared';

/** What the Electron preload exposes through contextBridge (and nothing more). */
export type PharosBridge = {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
};

declare global {
  // Window is an interface in lib.dom: only declaration merging can add the preload's global.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    pharos?: PharosBridge;
  }
}

export {};
