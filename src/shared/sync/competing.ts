import { z } from 'zod';
import { freeText } from '../text';
import { IsoTimeSchema } from '../domain/report';
import { ReportStatusSchema } from '../domain/state-machine';

/**
 * Competing decisions (DESIGN §2.2): a decision that lost the compare-and-set on a report's version is
 * kept whole on the server, never silently dropped, and a supervisor arbitrates it against the decision
 * that is on the report.
 */

/** One side of a competing pair: who decided what, when (recorded on the workstation, processed by the server). */
export const DecisionSideSchema = z.object({
  actor: z.string(),
  name: z.string(),
  args: z.unknown(),
  recordedAt: IsoTimeSchema,
  processedAt: IsoTimeSchema,
});
export type DecisionSide = z.infer<typeof DecisionSideSchema>;

export const CompetingDecisionSchema = z.object({
  id: z.uuid(),
  reportId: z.uuid(),
  reference: z.string(),
  reportStatus: ReportStatusSchema,
  /** The version the losing decision was based on, and the one it ran into. */
  baseVersion: z.number().int().nonnegative(),
  currentVersion: z.number().int().nonnegative(),
  /** The change on the report that the competing decision ran into (null if made outside the sync: intake). */
  applied: DecisionSideSchema.nullable(),
  competing: DecisionSideSchema,
});
export type CompetingDecision = z.infer<typeof CompetingDecisionSchema>;

export const CompetingListSchema = z.object({ decisions: z.array(CompetingDecisionSchema) });
export type CompetingList = z.infer<typeof CompetingListSchema>;

export const COMPETING_RESOLUTIONS = ['keep_applied', 'adopt_competing'] as const;
export type CompetingResolution = (typeof COMPETING_RESOLUTIONS)[number];

export const ResolveCompetingSchema = z
  .object({
    resolution: z.enum(COMPETING_RESOLUTIONS),
    /** Why: recorded in the report's audited history. */
    comment: freeText(1, 2000),
  })
  .strict();
export type ResolveCompeting = z.infer<typeof ResolveCompetingSchema>;

export const ResolvedCompetingSchema = z.object({
  id: z.uuid(),
  resolution: z.enum(COMPETING_RESOLUTIONS),
  resolvedAt: IsoTimeSchema,
  /** The report's version after the arbitration (its history holds the arbitration event). */
  reportVersion: z.number().int().nonnegative(),
  /** The report's status after the arbitration (decided, when an adopted approval put the decision into effect). */
  reportStatus: ReportStatusSchema,
});
export type ResolvedCompeting = z.infer<typeof ResolvedCompetingSchema>;
