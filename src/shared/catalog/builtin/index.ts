import type { Category } from '../../domain/taxonomy';
import type { Offence } from '../offence';
import { CHILD_SEXUAL_ABUSE, DRUGS_INCITEMENT, HATE_DISCRIMINATION, TERRORISM } from './part1';
import { BOMB_MAKING, COUNTERFEITING, OTHER, PIMPING, SCAM, THREATS_HARASSMENT, URBAN_VIOLENCE } from './part2';

/**
 * The built-in taxonomy, by category: the app can qualify reports before any NATINF import. Keyed by
 * Category so that a new category cannot be added without its offences (the compiler checks it).
 */
export const BUILTIN_BY_CATEGORY: Readonly<Record<Category, readonly Offence[]>> = {
  terrorism: TERRORISM,
  child_sexual_abuse: CHILD_SEXUAL_ABUSE,
  hate_discrimination: HATE_DISCRIMINATION,
  drugs_incitement: DRUGS_INCITEMENT,
  counterfeiting: COUNTERFEITING,
  pimping: PIMPING,
  bomb_making: BOMB_MAKING,
  urban_violence: URBAN_VIOLENCE,
  scam: SCAM,
  threats_harassment: THREATS_HARASSMENT,
  other: OTHER,
};

export const BUILTIN_OFFENCES: readonly Offence[] = Object.values(BUILTIN_BY_CATEGORY).flat();
