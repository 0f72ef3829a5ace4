import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, CaptureExport, CaptureView } from '@shared';

/** The captures of the open report: started here, followed through `capture.progress` events. */
export type CaptureState = {
  reportId: string | null;
  captures: CaptureView[];
  /** Viewport screenshots as data URLs, by capture id, fetched once a capture has one. */
  thumbnails: Record<string, string>;
  /** Full-page screenshots as data URLs, by capture id, fetched when the officer views one. */
  fullImages: Record<string, string>;
  /** Fetches the full-page screenshot of a capture (once). */
  loadFull(captureId: string): Promise<void>;
  starting: boolean;
  error: AppError | null;
  /** The last export (PV opened or files written), to tell the officer where the files are. */
  lastExport: CaptureExport | null;
  show(reportId: string | null): Promise<void>;
  start(url?: string): Promise<void>;
  verify(captureId: string): Promise<void>;
  openPv(captureId: string): Promise<void>;
  exportFiles(captureId: string, folder?: string): Promise<void>;
  retryUpload(captureId: string): Promise<void>;
  /** A capture changed (event or answer): shown if it belongs to the open report. */
  receive(view: CaptureView): void;
};
export type CaptureStore = StoreApi<CaptureState>;

const THUMBNAIL = 'screenshot-viewport.png';

export function createCaptureStore(api: ApiClient): CaptureStore {
  const store = createStore<CaptureState>()((set, get) => {
    const upsert = (view: CaptureView): void => {
      if (view.reportId !== get().reportId) return;
      const others = get().captures.filter((c) => c.id !== view.id);
      set({ captures: [view, ...others].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) });
      void thumbnail(view);
    };
    const thumbnail = async (view: CaptureView): Promise<void> => {
      if (get().thumbnails[view.id] || !view.artifacts.some((a) => a.name === THUMBNAIL)) return;
      const r = await api.invoke('capture.image', { captureId: view.id, image: 'screenshot-viewport' });
      if (r.ok) set({ thumbnails: { ...get().thumbnails, [view.id]: r.value.dataUrl } });
    };
    const act = async (call: () => Promise<{ ok: true; value: CaptureView } | { ok: false; error: AppError }>): Promise<void> => {
      const r = await call();
      if (r.ok) {
        upsert(r.value);
        set({ error: null });
      } else set({ error: r.error });
    };
    return {
      receive: upsert,
      reportId: null,
      captures: [],
      thumbnails: {},
      fullImages: {},
      async loadFull(captureId) {
        if (get().fullImages[captureId]) return;
        const r = await api.invoke('capture.image', { captureId, image: 'screenshot-full' });
        if (r.ok) set({ fullImages: { ...get().fullImages, [captureId]: r.value.dataUrl } });
      },
      starting: false,
      error: null,
      lastExport: null,
      async show(reportId) {
        if (reportId === get().reportId) return;
        // Full-page screenshots are large: only the open report's are kept.
        set({ reportId, captures: [], fullImages: {}, error: null, lastExport: null });
        if (!reportId) return;
        const r = await api.invoke('capture.list', { reportId });
        if (get().reportId !== reportId) return;
        if (!r.ok) return set({ error: r.error });
        set({ captures: r.value });
        for (const c of r.value) void thumbnail(c);
      },
      async start(url) {
        const reportId = get().reportId;
        if (!reportId || get().starting) return;
        set({ starting: true });
        await act(() => api.invoke('capture.start', url ? { reportId, url } : { reportId }));
        set({ starting: false });
      },
      verify: (captureId) => act(() => api.invoke('capture.verify', { captureId })),
      retryUpload: (captureId) => act(() => api.invoke('capture.upload', { captureId })),
      async openPv(captureId) {
        const r = await api.invoke('capture.export', { captureId, what: ['pv'], open: true });
        set(r.ok ? { lastExport: r.value, error: null } : { error: r.error });
      },
      async exportFiles(captureId, folder) {
        const r = await api.invoke('capture.export', folder ? { captureId, what: ['pv', 'wacz'], folder } : { captureId, what: ['pv', 'wacz'] });
        set(r.ok ? { lastExport: r.value, error: null } : { error: r.error });
      },
    };
  });
  api.on('capture.progress', (view) => store.getState().receive(view));
  return store;
}
