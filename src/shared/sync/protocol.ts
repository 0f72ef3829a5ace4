import { z } from 'zod';
import { ReportSchema } from '../domain/report';
import { RejectionSchema } from './push';

/**
 * Pull half of the Replicache-style sync (DESIGN §2.2). The cursor is opaque to clients: they store
 * what the server returned and send it back. A change is either the full current state of a report
 * visible to the caller (`put`) or the removal of one that left the caller's scope (`del`).
 */
export const PULL_MAX_LIMIT = 5000;
export const PULL_DEFAULT_LIMIT = 2000;

export const PullRequestSchema = z.object({
  cursor: z.string().max(200).nullable(),
  limit: z.number().int().min(1).max(PULL_MAX_LIMIT).optional(),
  /** The highest mutation id the client already knows processed: rejections after it are returned. */
  lastMutationId: z.number().int().nonnegative().optional(),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;

export const ReportChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), report: ReportSchema }),
  z.object({ op: z.literal('del'), id: z.uuid() }),
]);
export type ReportChange = z.infer<typeof ReportChangeSchema>;

export const PullResponseSchema = z.object({
  cursor: z.string(),
  changes: z.array(ReportChangeSchema),
  hasMore: z.boolean(),
  /** Changes still to fetch after this page, for progress display. */
  remaining: z.number().int().nonnegative(),
  /**
   * Highest mutation id of this client (the token's device) the server has processed, read before the
   * changes: the effect of every mutation up to it is in this pull (or was in an earlier one).
   */
  lastMutationId: z.number().int().nonnegative(),
  /** Mutations after the request's lastMutationId, up to this one, that the server rejected. Absent: none. */
  rejections: z.array(RejectionSchema).optional(),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;
