import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '@shared/api/router';
import type { CaptureView } from '@shared/api/contract';
import type { CaptureOptions } from '@shared/evidence/provenance';
import { chromiumProvider, DEFAULT_CHROMIUM, type BrowserProvider } from '../capture';
import { createCaptureService, createUploader, viewOf, type CaptureService, type Uploader } from '../captures';
import type { LocalDb } from '../db';
import type { ServerClient } from '../server-client';
import { recordChange, type ChangeDeps } from './changes';

type CaptureHandlers = Pick<Handlers, 'capture.start' | 'capture.list' | 'capture.image' | 'capture.export' | 'capture.verify' | 'capture.upload'>;

/** How this workstation captures: which browser, engine options, where exports go. */
export type CaptureSettings = {
  /** Chromium executable (default /usr/bin/chromium); ignored when `provider` is given. */
  chromiumPath?: string;
  /** Another browser provider (Electron's own Chromium, injected by src/main/app). */
  provider?: () => BrowserProvider;
  options?: Partial<Omit<CaptureOptions, 'provider'>>;
  exportDir?: string;
  openFile?: (file: string) => Promise<void>;
  uploadChunkBytes?: number;
  uploadBaseDelayMs?: number;
  /**
   * Demo mode only (set by the launcher, `pharos web --demo-allow-host`): the demo server's demo web may be
   * captured. Its origin is added to the allow list, and its self-signed certificate is accepted by the
   * SHA-256 of its public key (SPKI, base64), for that key only: every other site keeps the usual checks.
   */
  demoWeb?: DemoWebAccess;
};

export type DemoWebAccess = { allowHost: string; certSpkiSha256: string };

/** Engine options and browser of this workstation, with the demo web's origin when in demo mode. */
function engineOf(s: CaptureSettings): { options: CaptureSettings['options']; provider: () => BrowserProvider } {
  const demo = s.demoWeb;
  const options = demo ? { ...s.options, allowHosts: [...(s.options?.allowHosts ?? []), demo.allowHost] } : s.options;
  const extraArgs = demo ? [`--ignore-certificate-errors-spki-list=${demo.certSpkiSha256}`] : [];
  return { options, provider: s.provider ?? (() => chromiumProvider({ executablePath: s.chromiumPath ?? DEFAULT_CHROMIUM, extraArgs })) };
}

export type CaptureDeps = ChangeDeps & {
  dataDir: string;
  settings: CaptureSettings;
  db(): LocalDb | null;
  client(): ServerClient | null;
  loggedIn(): boolean;
  token(): Promise<string>;
  emit(view: CaptureView): void;
};

export type Captures = { handlers: CaptureHandlers; service: CaptureService; uploader: Uploader; opened(db: LocalDb): void };

/** The capture service and its background upload, bound to the contract. */
/** Where documents for the officer go when no folder is configured: ~/PHAROS/exports. */
export function defaultExportDir(): string {
  return path.join(os.homedir(), 'PHAROS', 'exports');
}

export function createCaptures(deps: CaptureDeps): Captures {
  const s = deps.settings;
  const engine = engineOf(s);
  let uploader: Uploader | null = null;
  const service = createCaptureService({
    dataDir: deps.dataDir,
    requireDb: deps.requireDb,
    session: deps.session,
    provider: engine.provider,
    options: engine.options,
    exportDir: s.exportDir ?? defaultExportDir(),
    openFile: s.openFile,
    emit: deps.emit,
    record: async (record) => void (await recordChange(deps, { name: 'recordCapture', args: record })),
    queued: () => uploader?.kick(),
  });
  uploader = createUploader({
    db: deps.db,
    client: deps.client,
    loggedIn: deps.loggedIn,
    token: deps.token,
    evidence: service.evidence,
    changed: (row) => deps.emit(viewOf(row)),
    syncSoon: () => deps.sync.kick(),
    chunkBytes: s.uploadChunkBytes,
    baseDelayMs: s.uploadBaseDelayMs,
  });
  const up = uploader;
  return {
    service,
    uploader: up,
    // A capture "running" in a store just opened was cut short by a stop of the application.
    opened: (db) => void db.captures.failInterrupted(new Date().toISOString()),
    handlers: {
      'capture.start': (input) => service.start(input),
      'capture.list': async ({ reportId }) => service.list(reportId),
      'capture.image': ({ captureId, image }) => service.image(captureId, image),
      'capture.export': (input) => service.export(input),
      'capture.verify': ({ captureId }) => service.verify(captureId),
      'capture.upload': async ({ captureId }) => viewOf(up.retry(captureId)),
    },
  };
}
