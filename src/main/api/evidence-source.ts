import { signingKeyOf, type CaptureService } from '../captures';
import type { LocalDb } from '../db';
import type { PackagedCapture } from '../transmission';
import type { EvidenceSource } from './conservation';

/**
 * The evidence a transmission package carries: the report's captures made on this workstation that ended
 * complete or partial, decrypted into the package's work folder (a failed capture holds no page: it is
 * listed with its state and reason, without files), and the device key that signed them.
 */
export function evidenceSourceOf(service: CaptureService, requireDb: () => LocalDb): EvidenceSource {
  return {
    async capturesOf(reportId, dir) {
      const out: PackagedCapture[] = [];
      for (const c of service.list(reportId)) {
        if (c.state === 'running') continue;
        const facts = { id: c.id, url: c.finalUrl ?? c.url, state: c.state, reason: c.reason };
        if (c.state === 'failed') {
          out.push({ ...facts, waczFile: null, pvFile: null });
          continue;
        }
        const withPv = c.artifacts.some((a) => a.name === 'pv.pdf');
        const exported = await service.export({ captureId: c.id, what: withPv ? ['wacz', 'pv'] : ['wacz'], folder: dir, open: false });
        const [waczFile, pvFile] = exported.files;
        if (waczFile) out.push({ ...facts, waczFile, pvFile: pvFile ?? null });
      }
      return out;
    },
    signingKey: () => signingKeyOf(requireDb()),
  };
}
