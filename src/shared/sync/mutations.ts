import { z } from 'zod';
import type { Report } from '../domain/report';
import type { Role } from '../domain/roles';
import type { ReportStatus } from '../domain/state-machine';
import type { ErrorKind } from '../result';
import { CaptureRecordSchema, type CaptureRecord } from '../evidence/record';
import {
  CaptureIdsSchema,
  IncompleteCapturesSchema,
  OrientationInputSchema,
  QualificationInputSchema,
  ScreeningCaseSchema,
  VERIFICATION_OUTCOMES,
  type Decision,
} from '../workflow/decision';
import {
  PreservationChannelSchema,
  PreservationDaysSchema,
  PreservationHostSchema,
  PreservationStatusSchema,
  PreservationUrlsSchema,
  Sha256HexSchema,
} from '../workflow/conservation';
import { describeProblem, findUnstorable, freeText, printable, storable } from '../text';

/**
 * Every local change is a named mutation (DESIGN §2.2): an intent, not a row diff. Each is defined once
 * here — its arguments and how it changes a report — and the workstation (optimistic local effect) and
 * the server (authoritative effect) run the same planning function, so they can only disagree when the
 * server knows something newer.
 */
export const CLAIM_LEASE_MS = 30 * 60_000;

const ReportId = z.uuid();
const BaseVersion = z.number().int().nonnegative();
const Comment = freeText(1, 5000);

const Args = {
  /** Take the report (lease of CLAIM_LEASE_MS); re-claiming one's own claim renews the lease. */
  claim: z.object({ reportId: ReportId, baseVersion: BaseVersion }).strict(),
  /** Give the report back to the common queue. */
  release: z.object({ reportId: ReportId, baseVersion: BaseVersion }).strict(),
  /** A comment on the report; never conflicts with anything. */
  note: z.object({ reportId: ReportId, text: freeText(1, 5000) }).strict(),
  /** Outcome of the content check (step 1 of handling): a decision, checked against the report version. */
  setVerification: z
    .object({
      reportId: ReportId,
      baseVersion: BaseVersion,
      outcome: z.enum(VERIFICATION_OUTCOMES),
      comment: freeText(0, 2000).optional(),
      /** The captures that show the outcome. */
      captureIds: CaptureIdsSchema.optional(),
      /** Those of them that were failed or partial on the officer's workstation. */
      incompleteCaptures: IncompleteCapturesSchema.optional(),
      /** "Contenu présent" on failed or partial captures was explicitly confirmed by the officer. */
      confirmedIncomplete: z.literal(true).optional(),
    })
    .strict(),
  /** Legal qualification (step 2): offences, or no offence / out of scope with a reason. */
  qualify: z.object({ reportId: ReportId, baseVersion: BaseVersion, qualification: QualificationInputSchema }).strict(),
  /** Orientation (step 5): where the case goes, with its justification and urgency. */
  orient: z.object({ reportId: ReportId, baseVersion: BaseVersion, orientation: OrientationInputSchema }).strict(),
  /** Out of scope (private correspondence, a victim's complaint, an emergency): redirected and closed at once. */
  screenOut: z.object({ reportId: ReportId, baseVersion: BaseVersion, case: ScreeningCaseSchema, note: freeText(0, 2000).optional() }).strict(),
  /** Submits the qualification and orientation for review by a supervisor. */
  propose: z.object({ reportId: ReportId, baseVersion: BaseVersion }).strict(),
  /** A supervisor approves someone else's proposal: the decision takes effect. */
  approve: z.object({ reportId: ReportId, baseVersion: BaseVersion, comment: freeText(0, 5000).optional() }).strict(),
  /** A supervisor sends a proposal back to its analyst, saying why. */
  returnToAnalyst: z.object({ reportId: ReportId, baseVersion: BaseVersion, comment: Comment }).strict(),
  /** The analyst takes a returned proposal back to work on it. */
  resume: z.object({ reportId: ReportId, baseVersion: BaseVersion }).strict(),
  /** A message in the review thread; never conflicts with anything. */
  comment: z.object({ reportId: ReportId, text: Comment }).strict(),
  /** Evidence preserved on a workstation (mesure conservatoire): the capture's metadata, its WACZ follows by upload. */
  recordCapture: CaptureRecordSchema,
  /** Conservatory measure (step 3): a data-preservation request sent to the host, recorded as `sent`. */
  requestPreservation: z
    .object({
      reportId: ReportId,
      requestId: z.uuid(),
      channel: PreservationChannelSchema,
      host: PreservationHostSchema,
      urls: PreservationUrlsSchema,
      durationDays: PreservationDaysSchema,
    })
    .strict(),
  /** The host's answer to a preservation request, or its expiry. */
  setPreservationStatus: z
    .object({ reportId: ReportId, requestId: z.uuid(), status: PreservationStatusSchema.exclude(['sent']), note: freeText(0, 2000).optional() })
    .strict(),
  /** The decided case sent to its recipient: the package's SHA-256 identifies what was sent. */
  transmit: z.object({ reportId: ReportId, baseVersion: BaseVersion, packageSha256: Sha256HexSchema, recipient: freeText(1, 300) }).strict(),
} as const;

/** Every mutation's arguments, each also refused whole if any string or key in it cannot be stored (src/shared/text.ts). */
export const MutationArgs = Object.fromEntries(Object.entries(Args).map(([name, schema]) => [name, storable(schema)])) as unknown as typeof Args;

export type MutationName = keyof typeof MutationArgs;
export const MUTATION_NAMES = Object.keys(MutationArgs) as MutationName[];
export type ArgsOf<N extends MutationName> = z.output<(typeof MutationArgs)[N]>;
export type Mutation = { [N in MutationName]: { name: N; args: ArgsOf<N> } }[MutationName];

export function isMutationName(name: unknown): name is MutationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(MutationArgs, name);
}

/** Checks a name and raw arguments; the error says what is wrong, for a refusal. */
export function parseMutation(name: unknown, args: unknown): { ok: true; mutation: Mutation } | { ok: false; message: string } {
  if (!isMutationName(name)) return { ok: false, message: `mutation inconnue : ${printable(String(name), 60)}` };
  // Checked first, on the raw arguments: a schema's own message may echo what it refuses (a key).
  const unstorable = findUnstorable(args);
  if (unstorable) return { ok: false, message: `${name} : ${describeProblem(unstorable)}` };
  const parsed = MutationArgs[name].safeParse(args);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, message: printable(`${name} : ${first?.path.join('.') ?? ''} ${first?.message ?? 'arguments invalides'}`.trim(), 2000) };
  }
  return { ok: true, mutation: { name, args: parsed.data } as Mutation };
}

/** Mutations checked by compare-and-set on the report version: decisions that must not silently overwrite. */
export function usesVersionCheck(m: Mutation): boolean {
  switch (m.name) {
    case 'setVerification':
    case 'qualify':
    case 'orient':
    case 'screenOut':
    case 'propose':
    case 'approve':
    case 'returnToAnalyst':
    case 'resume':
    case 'transmit':
      return true;
    case 'claim':
    case 'release':
    case 'note':
    case 'recordCapture':
    case 'comment':
    case 'requestPreservation':
    case 'setPreservationStatus':
      return false;
    default: {
      const never: never = m;
      throw new Error(`unknown mutation ${String(never)}`);
    }
  }
}

/** What a mutation needs to know about the report it changes. */
export type ReportState = Pick<Report, 'id' | 'status' | 'claimedBy' | 'leaseUntil' | 'assignedTo' | 'version'> & Partial<Pick<Report, 'category' | 'decision'>>;
export type Actor = { username: string; role: Role };
export type PlannedEvent = { action: string; actor: string; fromStatus: ReportStatus | null; toStatus: ReportStatus; detail: string | null };

/** The effect of an accepted mutation: the new claim fields, status and decision, and the events to append. */
export type Plan = {
  status: ReportStatus;
  claimedBy: string | null;
  leaseUntil: string | null;
  /** The decision data after the mutation (undefined: none yet). */
  decision: Decision | undefined;
  events: PlannedEvent[];
  /** A capture to record against the report (recordCapture). */
  capture?: CaptureRecord;
};
export type Refusal = { kind: Extract<ErrorKind, 'forbidden' | 'conflict' | 'validation' | 'not_found'>; message: string };
export type PlanResult = { ok: true; plan: Plan } | { ok: false; refusal: Refusal };
