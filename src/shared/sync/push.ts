import { z } from 'zod';
import { IsoTimeSchema } from '../domain/report';
import { AuditEntrySchema } from '../audit/chain';
import { findUnstorable } from '../text';

/**
 * Push half of the sync (DESIGN §2.2). A client (the enrolled device) sends its pending mutations in
 * mutation-id order; ids increase by one per client, so the server can skip what it already applied
 * (idempotent retries) and refuse a gap (a lost mutation) before applying anything.
 */
export const PUSH_MAX_MUTATIONS = 1000;
/** Upper bound of a push body; a batch of PUSH_MAX_MUTATIONS notes of ordinary length fits. */
export const PUSH_MAX_BYTES = 4 * 1024 * 1024;

/** Audit entries per push: a full batch of mutations with room for the captures recorded between them. */
export const PUSH_MAX_AUDIT = 2 * PUSH_MAX_MUTATIONS;

export const MutationIdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Arguments nest a few levels (a qualification's offences at most); a hostile body nested thousands
 * deep would exhaust the stack of the audit chain's canonical JSON, which hashes them before anything
 * else. No workstation can send one (its outbox only takes arguments its schemas accept), so the push is
 * refused as a whole.
 */
export const MUTATION_ARGS_MAX_DEPTH = 32;

function nestsWithin(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [v, depth] = item;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

export const PushedMutationSchema = z.object({
  id: MutationIdSchema,
  name: z.string().min(1).max(64),
  /** Checked against the named mutation's schema by the server, per mutation (a bad one is rejected, not the batch). */
  args: z.unknown().refine((a) => nestsWithin(a, MUTATION_ARGS_MAX_DEPTH), `arguments imbriqués sur plus de ${MUTATION_ARGS_MAX_DEPTH} niveaux`),
  createdAt: IsoTimeSchema,
  /** The seq of this mutation's entry in the device's audit chain (sent in the request's `audit`). */
  auditSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type PushedMutation = z.infer<typeof PushedMutationSchema>;

export const PushRequestSchema = z.object({
  /** The device id: must be the device of the access token. */
  clientId: z.uuid(),
  /** The officer who recorded these mutations: must be the user of the access token. */
  userId: z.uuid(),
  /** Empty only when the request carries audit entries alone (local actions that are not mutations). */
  mutations: z.array(PushedMutationSchema).max(PUSH_MAX_MUTATIONS),
  /**
   * The device's audit chain from where the client last knew the server to be, up to at least the entry
   * of the last mutation sent: the server checks it continues what it holds (src/shared/audit/chain.ts).
   */
  audit: z.array(AuditEntrySchema).max(PUSH_MAX_AUDIT).optional(),
})
  .refine((r) => r.mutations.length > 0 || (r.audit?.length ?? 0) > 0, { message: 'ni modification ni entrée de journal à envoyer', path: ['mutations'] })
  // Everything but the mutations' arguments must be storable (src/shared/text.ts): arguments that are
  // not refuse that mutation alone, like any malformed arguments (parseMutation), not the whole push.
  .superRefine((r, ctx) => {
    const problem = findUnstorable({ ...r, mutations: r.mutations.map((m) => ({ ...m, args: null })) });
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** Why the server did not apply a mutation; permanent: the client records it and moves on. */
export const MutationReasonSchema = z.object({
  kind: z.enum(['validation', 'forbidden', 'conflict', 'not_found']),
  message: z.string(),
});
export type MutationReason = z.infer<typeof MutationReasonSchema>;

export const MutationOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ id: MutationIdSchema, status: z.literal('applied') }),
  /** Already processed by an earlier push (a retry): its first outcome stands. */
  z.object({ id: MutationIdSchema, status: z.literal('duplicate') }),
  z.object({ id: MutationIdSchema, status: z.literal('rejected'), reason: MutationReasonSchema }),
]);
export type MutationOutcome = z.infer<typeof MutationOutcomeSchema>;

export const PushResponseSchema = z.object({
  /** Highest mutation id of this client the server has processed (applied or rejected). */
  lastMutationId: z.number().int().nonnegative(),
  outcomes: z.array(MutationOutcomeSchema),
  /** The last entry of this device's audit chain the server now holds (absent from older servers). */
  audit: z.object({ seq: z.number().int().nonnegative(), hash: z.string() }).nullable().optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** A mutation the server refused, as pull reports it (a push response may have been lost). */
export const RejectionSchema = z.object({ id: MutationIdSchema, name: z.string(), reason: MutationReasonSchema });
export type Rejection = z.infer<typeof RejectionSchema>;
