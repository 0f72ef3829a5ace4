import { z } from 'zod';
import { CategorySchema } from '../domain/taxonomy';
import type { Offence } from './offence';

/**
 * Catalog search on the workstation: what the officer typed (a NATINF code, an article, words), the
 * report's category to rank its offences first, and how many entries to show.
 */
export const CatalogSearchSchema = z
  .object({
    text: z.string().max(200),
    category: CategorySchema.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();
export type CatalogSearch = z.input<typeof CatalogSearchSchema>;

/**
 * Why an entry was found, best first: its NATINF code, an article that defines it, words of its label,
 * or nothing typed yet (the category's offences).
 */
export const CATALOG_MATCHES = ['natinf', 'article', 'words', 'browse'] as const;
export type CatalogMatch = (typeof CATALOG_MATCHES)[number];
export type CatalogHit = Offence & { match: CatalogMatch };
