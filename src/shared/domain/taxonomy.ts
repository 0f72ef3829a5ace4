import { z } from 'zod';

/**
 * Report categories, from the "compétence transversale" of the source documents. The legal catalog
 * (offences, NATINF codes) hangs off these; the category of a report is what the reporter chose and
 * what the analyst may correct.
 */
export const CATEGORIES = [
  'terrorism',
  'child_sexual_abuse',
  'hate_discrimination',
  'drugs_incitement',
  'counterfeiting',
  'pimping',
  'bomb_making',
  'urban_violence',
  'scam',
  'threats_harassment',
  'other',
] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;

/** Categories whose reports jump the queue: their content does the most harm while it stays online. */
const CATEGORY_BASE_PRIORITY: Record<Category, number> = {
  terrorism: 90,
  child_sexual_abuse: 90,
  bomb_making: 70,
  urban_violence: 70,
  threats_harassment: 60,
  hate_discrimination: 50,
  pimping: 50,
  drugs_incitement: 40,
  counterfeiting: 30,
  scam: 30,
  other: 20,
};

export const SOURCES = ['public', 'professional', 'state'] as const;
export const SourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof SourceSchema>;

/** Priority 0–100: category first; reports from State services and trusted professionals come sooner. */
export function basePriority(category: Category, source: Source): number {
  const bonus = source === 'state' ? 10 : source === 'professional' ? 5 : 0;
  return Math.min(100, CATEGORY_BASE_PRIORITY[category] + bonus);
}
