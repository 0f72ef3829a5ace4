import { z } from 'zod';
import type { Report } from '../domain/report';
import type { Role } from '../domain/roles';
import type { ReportStatus } from '../domain/state-machine';
import type { ErrorKind } from '../result';
import { CaptureRecordSchema, type CaptureRecord } from '../evidence/record';

/**
 * Every local change is a named mutation (DESIGN §2.2): an intent, not a row diff. Each is defined once
 * here — its arguments and how it changes a report — and the workstation (optimistic local effect) and
 * the server (authoritative effect) run the same planning function, so they can only disagree when the
 * server knows something newer.
 */
export const CLAIM_LEASE_MS = 30 * 60_000;

const ReportId = z.uuid();
const BaseVersion = z.number().int().nonnegative();
export const VERIFICATION_OUTCOMES = ['present', 'removed', 'inaccessible'] as const;

export const MutationArgs = {
  /** Take the report (lease of CLAIM_LEASE_MS); re-claiming one's own claim renews the lease. */
  claim: z.object({ reportId: ReportId, baseVersion: BaseVersion }).strict(),
  /** Give the report back to the common queue. */
  release: z.object({ reportId: ReportId, baseVersion: BaseVersion }).strict(),
  /** A comment on the report; never conflicts with anything. */
  note: z.object({ reportId: ReportId, text: z.string().trim().min(1).max(5000) }).strict(),
  /** Outcome of the content check (step 1 of handling): a decision, checked against the report version. */
  setVerification: z
    .object({ reportId: ReportId, baseVersion: BaseVersion, outcome: z.enum(VERIFICATION_OUTCOMES), comment: z.string().trim().max(2000).optional() })
    .strict(),
  /** Evidence preserved on a workstation (mesure conservatoire): the capture's metadata, its WACZ follows by upload. */
  recordCapture: CaptureRecordSchema,
} as const;

export type MutationName = keyof typeof MutationArgs;
export const MUTATION_NAMES = Object.keys(MutationArgs) as MutationName[];
export type ArgsOf<N extends MutationName> = z.output<(typeof MutationArgs)[N]>;
export type Mutation = { [N in MutationName]: { name: N; args: ArgsOf<N> } }[MutationName];

export function isMutationName(name: unknown): name is MutationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(MutationArgs, name);
}

/** Checks a name and raw arguments; the error says what is wrong, for a refusal. */
export function parseMutation(name: unknown, args: unknown): { ok: true; mutation: Mutation } | { ok: false; message: string } {
  if (!isMutationName(name)) return { ok: false, message: `mutation inconnue : ${String(name).slice(0, 60)}` };
  const parsed = MutationArgs[name].safeParse(args);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, message: `${name} : ${first?.path.join('.') ?? ''} ${first?.message ?? 'arguments invalides'}`.trim() };
  }
  return { ok: true, mutation: { name, args: parsed.data } as Mutation };
}

/** Mutations checked by compare-and-set on the report version: decisions that must not silently overwrite. */
export function usesVersionCheck(m: Mutation): boolean {
  switch (m.name) {
    case 'setVerification':
      return true;
    case 'claim':
    case 'release':
    case 'note':
    case 'recordCapture':
      return false;
    default: {
      const never: never = m;
      throw new Error(`unknown mutation ${String(never)}`);
    }
  }
}

/** What a mutation needs to know about the report it changes. */
export type ReportState = Pick<Report, 'id' | 'status' | 'claimedBy' | 'leaseUntil' | 'assignedTo' | 'version'>;
export type Actor = { username: string; role: Role };
export type PlannedEvent = { action: string; actor: string; fromStatus: ReportStatus | null; toStatus: ReportStatus; detail: string | null };

/** The effect of an accepted mutation: the new claim fields and status, and the events to append. */
export type Plan = {
  status: ReportStatus;
  claimedBy: string | null;
  leaseUntil: string | null;
  events: PlannedEvent[];
  /** A capture to record against the report (recordCapture). */
  capture?: CaptureRecord;
};
export type Refusal = { kind: Extract<ErrorKind, 'forbidden' | 'conflict' | 'validation' | 'not_found'>; message: string };
export type PlanResult = { ok: true; plan: Plan } | { ok: false; refusal: Refusal };
