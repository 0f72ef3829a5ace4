import type { Category } from '../../domain/taxonomy';
import type { Offence, OffenceNature } from '../offence';

/** Short forms of the texts most entries cite, written the way a French procedure cites them. */
export const CP = 'du code pénal';
export const L1881 = 'de la loi du 29 juillet 1881 sur la liberté de la presse';
export const CSP = 'du code de la santé publique';
export const CPI = 'du code de la propriété intellectuelle';

/**
 * One built-in offence. No NATINF code: the official table brings its own codes when imported, and
 * none is ever typed by hand here.
 */
export function offence(
  id: string,
  category: Category,
  nature: OffenceNature | 'contravention5',
  label: string,
  definedBy: string,
  punishedBy: string,
): Offence {
  const contravention = nature === 'contravention5';
  return {
    id,
    natinf: null,
    label,
    nature: contravention ? 'contravention' : nature,
    contraventionClass: contravention ? 5 : null,
    definedBy,
    punishedBy,
    category,
    source: 'builtin',
  };
}
