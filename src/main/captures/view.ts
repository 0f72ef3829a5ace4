import type { CaptureView } from '@shared/api/contract';
import type { CaptureRow } from '../db';

/** What the UI sees of a capture: no evidence ids, the upload as one object. */
export function viewOf(r: CaptureRow): CaptureView {
  return {
    id: r.id,
    reportId: r.reportId,
    url: r.url,
    finalUrl: r.finalUrl,
    state: r.state,
    reason: r.reason,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    operator: r.operator,
    steps: r.steps,
    artifacts: r.artifacts.map(({ name, mime, bytes, sha256 }) => ({ name, mime, bytes, sha256 })),
    waczSha256: r.waczSha256,
    signer: r.signer,
    verification: r.verification,
    upload:
      r.uploadState === null
        ? r.uploadError
          ? { state: 'refused', sent: 0, total: r.waczBytes ?? 0, attempts: 0, error: r.uploadError, nextAt: null }
          : null
        : { state: r.uploadState, sent: r.uploadSent, total: r.waczBytes ?? 0, attempts: r.uploadAttempts, error: r.uploadError, nextAt: r.uploadNextAt },
  };
}
