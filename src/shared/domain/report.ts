import { z } from 'zod';
import { CategorySchema, SourceSchema } from './taxonomy';
import { ReportStatusSchema } from './state-machine';
import { ReportCaptureSchema } from '../evidence/record';
import { DecisionSchema } from '../workflow/decision';
import { freeText, storable } from '../text';

/** Timestamps cross every boundary as ISO-8601 UTC strings with milliseconds. */
export const IsoTimeSchema = z.iso.datetime({ offset: false, precision: 3 });

export const HttpUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => /^https?:\/\/[^\s/?#]+/i.test(s), 'must be an http(s) address');

export const ReporterSchema = z.object({
  name: z.string().trim().max(200).optional(),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^[+0-9 ().-]{6,32}$/, 'digits, spaces and + ( ) . - only')
    .optional(),
  organisation: z.string().trim().max(200).optional(),
  /** Where the reporter lives: gives the territorially competent département when known. */
  postcode: z
    .string()
    .trim()
    .regex(/^[0-9]{5}$/, 'code postal à 5 chiffres')
    .optional(),
});
export type Reporter = z.infer<typeof ReporterSchema>;

export const ReportEventSchema = z.object({
  id: z.string(),
  at: IsoTimeSchema,
  actor: z.string(),
  action: z.string(),
  fromStatus: ReportStatusSchema.nullable(),
  toStatus: ReportStatusSchema,
  detail: z.string().nullable(),
});
export type ReportEvent = z.infer<typeof ReportEventSchema>;

/** A report as the server holds it and as it is synced to workstations (fields scoped by role). */
export const ReportSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  source: SourceSchema,
  category: CategorySchema,
  status: ReportStatusSchema,
  priority: z.number().int().min(0).max(100),
  urls: z.array(z.string()).min(1),
  description: z.string(),
  /** null when the reporter left no contact, or when the role may not see it. */
  reporter: ReporterSchema.nullable(),
  externalRef: z.string().nullable(),
  receivedAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  claimedBy: z.string().nullable(),
  leaseUntil: IsoTimeSchema.nullable(),
  assignedTo: z.string().nullable(),
  clusterId: z.string().nullable(),
  version: z.number().int().nonnegative(),
  events: z.array(ReportEventSchema),
  /** Captures recorded on the server for this report (absent from stores that predate them). */
  captures: z.array(ReportCaptureSchema).optional(),
  /** Verification, qualification, screening, orientation, proposal and review; absent until the first. */
  decision: DecisionSchema.optional(),
});
export type Report = z.infer<typeof ReportSchema>;

export const MAX_URLS_PER_REPORT = 10;

/** A reporter's contact as submitted: the name and organisation are free text typed by a person. */
export const SubmittedReporterSchema = ReporterSchema.extend({ name: freeText(0, 200).optional(), organisation: freeText(0, 200).optional() });

/** The submission's fields, to be extended (a refined schema cannot be); ReportSubmissionSchema is what checks. */
export const ReportSubmissionObject = z.object({
  urls: z.array(HttpUrlSchema).min(1).max(MAX_URLS_PER_REPORT),
  category: CategorySchema,
  description: freeText(10, 5000),
  reporter: SubmittedReporterSchema.optional(),
  /** The sender's own reference, shown to officers: held to the free-text rule too. */
  externalRef: freeText(0, 128).optional(),
});
/** What a reporter submits, through the public form or the professional API; all of it storable (src/shared/text.ts). */
export const ReportSubmissionSchema = storable(ReportSubmissionObject);
export type ReportSubmission = z.infer<typeof ReportSubmissionSchema>;

export const ReportSubmissionResultSchema = z.object({ id: z.uuid(), reference: z.string() });
export type ReportSubmissionResult = z.infer<typeof ReportSubmissionResultSchema>;
