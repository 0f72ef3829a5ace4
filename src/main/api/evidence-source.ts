import { signingKeyOf, type CaptureService } from '../captures';
import type { LocalDb } from '../db';
import type { PackagedCapture } from '../transmission';
import type { EvidenceSource } from './conservation';

/**
 * The evidence a transmission package carries: the report's captures made on this workstation that ended
 * complete or partial (a failed capture holds no page), decrypted into the package's work folder, and the
 * device key that signed them.
 */
export function evidenceSourceOf(service: CaptureService, requireDb: () => LocalDb): EvidenceSource {
  return {
    async capturesOf(reportId, dir) {
      const out: PackagedCapture[] = [];
      for (const c of service.list(reportId)) {
        if (c.state !== 'complete' && c.state !== 'partial') continue;
        const withPv = c.artifacts.some((a) => a.name === 'pv.pdf');
        const exported = await service.export({ captureId: c.id, what: withPv ? ['wacz', 'pv'] : ['wacz'], folder: dir, open: false });
        const [waczFile, pvFile] = exported.files;
        if (waczFile) out.push({ id: c.id, waczFile, pvFile: pvFile ?? null });
      }
      return out;
    },
    signingKey: () => signingKeyOf(requireDb()),
  };
}
