import { z } from 'zod';

// What the server learns of a capture made on a workstation (the `recordCapture` mutation) and sends back
// in the report's sync document: enough to check the uploaded WACZ byte for byte and to name its signer.
// The evidence itself travels separately (resumable upload), checked against this record.

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 en hexadécimal (64 caractères) attendu');
const Iso = z.iso.datetime({ offset: false, precision: 3 });

export const CAPTURE_STATES = ['complete', 'partial', 'failed'] as const;

export const CaptureRecordSchema = z
  .object({
    captureId: z.uuid(),
    reportId: z.uuid(),
    url: z.string().trim().min(1).max(2048),
    finalUrl: z.string().max(2048).nullable(),
    state: z.enum(CAPTURE_STATES),
    startedAt: Iso,
    endedAt: Iso,
    waczSha256: Sha256Hex,
    /** The WACZ is at most a few hundred MiB (size budget 200 MiB plus renderings). */
    waczBytes: z.number().int().positive().max(2 * 1024 ** 3),
    signerFingerprint: z.string().regex(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/, 'empreinte de clé (32 octets hexadécimaux séparés par « : ») attendue'),
  })
  .strict();
export type CaptureRecord = z.output<typeof CaptureRecordSchema>;

/** A capture as the server shows it in the report: the record, who made it, and whether its WACZ arrived intact. */
export const ReportCaptureSchema = CaptureRecordSchema.omit({ reportId: true }).extend({
  recordedBy: z.string(),
  uploadedAt: Iso.nullable(),
});
export type ReportCapture = z.output<typeof ReportCaptureSchema>;

/** Largest chunk of a resumable evidence upload (the server's body limit for one PUT). */
export const EVIDENCE_CHUNK_MAX = 4 * 1024 * 1024;

/** The server's answer about an upload: how many bytes it holds, and whether the copy is complete and verified. */
export const UploadStatusSchema = z.object({
  captureId: z.uuid(),
  received: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  complete: z.boolean(),
});
export type UploadStatus = z.output<typeof UploadStatusSchema>;
