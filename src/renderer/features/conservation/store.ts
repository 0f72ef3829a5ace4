import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, AppError, ExportedFile, InputOf, Report, TransmissionExport } from '@shared';

/**
 * Conservatory measures and transmission of the open report: what the officer last exported (a
 * preservation request PDF, a transmission package), and why the last action was refused.
 */
export type ConservationState = {
  busy: boolean;
  error: AppError | null;
  /** The last document written for the officer. */
  file: ExportedFile | null;
  /** The package prepared for the current report (its hash is what `transmit` records). */
  prepared: (TransmissionExport & { reportId: string }) | null;
  request(input: InputOf<'report.requestPreservation'>): Promise<Report | null>;
  setStatus(input: InputOf<'report.setPreservationStatus'>): Promise<Report | null>;
  exportPdf(input: InputOf<'report.exportPreservation'>): Promise<void>;
  prepare(reportId: string): Promise<void>;
  /** `confirmNoCompleteCapture`: the officer confirmed a package without any complete capture. */
  transmit(reportId: string, confirmNoCompleteCapture?: boolean): Promise<Report | null>;
  reset(): void;
};
export type ConservationStore = StoreApi<ConservationState>;

export function createConservationStore(api: ApiClient): ConservationStore {
  return createStore<ConservationState>()((set, get) => {
    /** Runs one call with the busy flag and the error; null when refused. */
    const call = async <T>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>): Promise<T | null> => {
      set({ busy: true, error: null });
      const r = await work();
      set({ busy: false, error: r.ok ? null : r.error });
      return r.ok ? r.value : null;
    };
    return {
      busy: false,
      error: null,
      file: null,
      prepared: null,
      async request(input) {
        const v = await call(() => api.invoke('report.requestPreservation', input));
        if (v) set({ file: v.file });
        return v?.report ?? null;
      },
      setStatus: (input) => call(() => api.invoke('report.setPreservationStatus', input)),
      async exportPdf(input) {
        const file = await call(() => api.invoke('report.exportPreservation', input));
        if (file) set({ file });
      },
      async prepare(reportId) {
        const p = await call(() => api.invoke('report.exportTransmission', { id: reportId }));
        if (p) set({ prepared: { ...p, reportId }, file: p });
      },
      async transmit(reportId, confirmNoCompleteCapture) {
        const p = get().prepared;
        if (!p || p.reportId !== reportId) return null;
        const confirmed = confirmNoCompleteCapture ? { confirmNoCompleteCapture: true } : {};
        const report = await call(() => api.invoke('report.transmit', { id: reportId, packageSha256: p.sha256, recipient: p.recipient, ...confirmed }));
        if (report) set({ prepared: null });
        return report;
      },
      reset: () => set({ busy: false, error: null, file: null, prepared: null }),
    };
  });
}
