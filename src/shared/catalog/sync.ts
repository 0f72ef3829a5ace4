import { z } from 'zod';
import { OffenceSchema } from './offence';

/**
 * Catalog half of sync: versioned catalog entries pulled after the report feed, on their own cursor
 * (an older workstation never asks and is unaffected). The cursor is opaque to clients.
 */
export const CATALOG_PULL_MAX_LIMIT = 5000;

export const CatalogPullRequestSchema = z
  .object({
    cursor: z.string().max(200).nullable(),
    limit: z.number().int().min(1).max(CATALOG_PULL_MAX_LIMIT).optional(),
  })
  .strict();
export type CatalogPullRequest = z.infer<typeof CatalogPullRequestSchema>;

export const CatalogPullResponseSchema = z.object({
  cursor: z.string(),
  /** Entries created or changed after the request's cursor, in version order: the full current entry. */
  offences: z.array(OffenceSchema),
  hasMore: z.boolean(),
  remaining: z.number().int().nonnegative(),
});
export type CatalogPullResponse = z.infer<typeof CatalogPullResponseSchema>;
