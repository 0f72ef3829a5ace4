import { z } from 'zod';
import { OffenceRefSchema } from '../catalog/offence';
import type { Category } from '../domain/taxonomy';
import { MAX_PRESERVATIONS, PreservationSchema, TransmissionSchema } from './conservation';

/**
 * What an officer decides about a report (DESIGN §1, steps 1, 2 and 5), carried by the report itself and
 * synced with it: the content check, the legal qualification, the scope screening, the orientation, the
 * proposal and its review, and the review thread. Each part records who set it and when.
 */
const At = z.iso.datetime({ offset: false, precision: 3 });
const By = z.string().min(1).max(64);
const Reason = z.string().trim().min(3, 'motif trop court').max(2000);

export const VERIFICATION_OUTCOMES = ['present', 'removed', 'inaccessible'] as const;
export const VerificationOutcomeSchema = z.enum(VERIFICATION_OUTCOMES);
export type VerificationOutcome = z.infer<typeof VerificationOutcomeSchema>;
/** Captures are identified by the capture engine's ids; the list links the outcome to the evidence. */
export const CaptureIdsSchema = z.array(z.string().trim().min(1).max(100)).max(100);
/**
 * The linked captures that did not end complete (failed, partial), as the officer's workstation knew them
 * when the outcome was recorded: a supervisor and the receiving service see what the outcome rests on.
 */
export const IncompleteCapturesSchema = z
  .array(z.object({ id: z.string().trim().min(1).max(100), state: z.enum(['partial', 'failed']) }).strict())
  .max(100);
export type IncompleteCaptures = z.infer<typeof IncompleteCapturesSchema>;

export const VerificationSchema = z.object({
  outcome: VerificationOutcomeSchema,
  captureIds: CaptureIdsSchema,
  comment: z.string().nullable(),
  by: By,
  at: At,
  /** Present when some linked captures were failed or partial (absent from records made before). */
  incompleteCaptures: IncompleteCapturesSchema.optional(),
  /** The officer explicitly confirmed "contenu présent" on failed or partial captures. */
  confirmedIncomplete: z.literal(true).optional(),
});
export type Verification = z.infer<typeof VerificationSchema>;

/** The qualification an officer enters: offences (principle of legality), or why there is none. */
export const QualificationInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offences'), offences: z.array(OffenceRefSchema).min(1, 'au moins une infraction').max(20) }).strict(),
  z.object({ kind: z.literal('no_offence'), reason: Reason }).strict(),
  z.object({ kind: z.literal('out_of_scope'), reason: Reason }).strict(),
]);
export type QualificationInput = z.infer<typeof QualificationInputSchema>;
export const QualificationSchema = z.intersection(QualificationInputSchema, z.object({ by: By, at: At }));
export type Qualification = z.infer<typeof QualificationSchema>;

/**
 * The three cases the source documents put out of PHAROS's scope ("PHAROS n'est pas un e-17"), each
 * closed with the standard redirection given to the reporter.
 */
export const SCREENING_CASES = ['private_correspondence', 'victim_complaint', 'emergency'] as const;
export const ScreeningCaseSchema = z.enum(SCREENING_CASES);
export type ScreeningCase = z.infer<typeof ScreeningCaseSchema>;

export const SCREENING_REDIRECTIONS: Record<ScreeningCase, string> = {
  private_correspondence:
    'Les faits révélés par des correspondances privées entre personnes mutuellement identifiées ne relèvent pas de la plateforme PHAROS. ' +
    'Si vous en êtes victime, déposez plainte dans un commissariat de police ou une brigade de gendarmerie.',
  victim_complaint:
    'La plateforme PHAROS ne reçoit pas les plaintes. Pour déposer plainte, rendez-vous dans un commissariat de police ou une brigade de gendarmerie, ' +
    'ou faites une pré-plainte en ligne sur www.pre-plainte-en-ligne.gouv.fr.',
  emergency:
    'La plateforme PHAROS n’est pas un service d’urgence. En cas de danger immédiat, appelez le 17 (police secours) ou le 112 (numéro d’urgence européen).',
};

export const ScreeningSchema = z.object({
  case: ScreeningCaseSchema,
  redirection: z.string(),
  note: z.string().nullable(),
  by: By,
  at: At,
});
export type Screening = z.infer<typeof ScreeningSchema>;

/** The outcomes of orientation (DESIGN §1 step 5). */
export const ORIENTATION_OUTCOMES = [
  'territorial_service',
  'central_office',
  'interpol',
  'europol',
  'foreign_platform',
  'host_notice',
  'administrative_removal',
  'administrative_blocking',
  'administrative_dereferencing',
  'close_no_offence',
  'close_out_of_scope',
  'close_duplicate',
] as const;
export const OrientationOutcomeSchema = z.enum(ORIENTATION_OUTCOMES);
export type OrientationOutcome = z.infer<typeof OrientationOutcomeSchema>;

export const URGENCIES = ['normal', 'urgent', 'immediate'] as const;
export const UrgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof UrgencySchema>;

export const OrientationInputSchema = z
  .object({
    outcome: OrientationOutcomeSchema,
    /** A service of the directory: required for transmissions (see outcomeNeedsService). */
    serviceId: z.string().trim().min(1).max(100).nullable(),
    justification: z.string().trim().min(10, 'justification trop courte (10 caractères au moins)').max(5000),
    urgency: UrgencySchema,
    /** Captures or documents sent with the case (capture ids). */
    attachments: CaptureIdsSchema,
    /** For a duplicate: the reference of the report it duplicates. */
    duplicateOf: z.string().trim().min(1).max(64).nullable(),
  })
  .strict();
export type OrientationInput = z.infer<typeof OrientationInputSchema>;
export const OrientationSchema = OrientationInputSchema.extend({ by: By, at: At });
export type Orientation = z.infer<typeof OrientationSchema>;

export const ProposalSchema = z.object({ by: By, at: At });
export const ReviewSchema = z.object({ verdict: z.enum(['approved', 'returned']), by: By, at: At, comment: z.string().nullable() });
export type Review = z.infer<typeof ReviewSchema>;

/** The review thread: comments, and the comment a supervisor gives when returning or approving. */
export const COMMENT_KINDS = ['comment', 'return', 'approve'] as const;
export const CommentSchema = z.object({ kind: z.enum(COMMENT_KINDS), by: By, at: At, text: z.string() });
export type ReviewComment = z.infer<typeof CommentSchema>;
export const MAX_COMMENTS = 200;

export const DecisionSchema = z.object({
  verification: VerificationSchema.nullable(),
  qualification: QualificationSchema.nullable(),
  screening: ScreeningSchema.nullable(),
  orientation: OrientationSchema.nullable(),
  proposal: ProposalSchema.nullable(),
  review: ReviewSchema.nullable(),
  comments: z.array(CommentSchema).max(MAX_COMMENTS),
  /** Data-preservation requests sent to hosts (absent from decisions recorded before they existed). */
  preservations: z.array(PreservationSchema).max(MAX_PRESERVATIONS).default([]),
  /** The package sent to the receiving service, once the decided case is transmitted. */
  transmission: TransmissionSchema.nullable().default(null),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const EMPTY_DECISION: Decision = {
  verification: null,
  qualification: null,
  screening: null,
  orientation: null,
  proposal: null,
  review: null,
  comments: [],
  preservations: [],
  transmission: null,
};

/** Transmissions abroad: always reviewed by a supervisor. */
export const ABROAD_OUTCOMES: readonly OrientationOutcome[] = ['interpol', 'europol', 'foreign_platform'];
/** Administrative orders (removal, blocking, dereferencing): only for these categories, always reviewed. */
export const ADMINISTRATIVE_OUTCOMES: readonly OrientationOutcome[] = ['administrative_removal', 'administrative_blocking', 'administrative_dereferencing'];
export const ADMINISTRATIVE_CATEGORIES: readonly Category[] = ['terrorism', 'child_sexual_abuse'];
export const CLOSING_OUTCOMES: readonly OrientationOutcome[] = ['close_no_offence', 'close_out_of_scope', 'close_duplicate'];

export const isClosing = (o: OrientationOutcome): boolean => CLOSING_OUTCOMES.includes(o);
/** Whether a supervisor must review the decision before it takes effect (four-eyes, never bypassed). */
export const alwaysReviewed = (o: OrientationOutcome): boolean => ABROAD_OUTCOMES.includes(o) || ADMINISTRATIVE_OUTCOMES.includes(o);

/** The kind of directory service an outcome is sent to; null: no service (a closure, an order issued here). */
export function serviceKindsFor(o: OrientationOutcome): readonly ServiceKind[] | null {
  switch (o) {
    case 'territorial_service':
      return ['territorial_police', 'territorial_gendarmerie'];
    case 'central_office':
      return ['central_office'];
    case 'interpol':
      return ['interpol'];
    case 'europol':
      return ['europol'];
    case 'foreign_platform':
      return ['foreign_platform'];
    case 'host_notice':
    case 'administrative_removal':
    case 'administrative_blocking':
    case 'administrative_dereferencing':
    case 'close_no_offence':
    case 'close_out_of_scope':
    case 'close_duplicate':
      return null;
    default: {
      const never: never = o;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
}

export const SERVICE_KINDS = ['territorial_police', 'territorial_gendarmerie', 'central_office', 'interpol', 'europol', 'foreign_platform'] as const;
export const ServiceKindSchema = z.enum(SERVICE_KINDS);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;
