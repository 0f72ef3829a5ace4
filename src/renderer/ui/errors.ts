import type { TFunction } from 'i18next';
import type { AppError } from '@shared';

/** The French sentence for an error kind; the technical message is kept only where it helps. */
export function errorText(t: TFunction, error: AppError | null): string | null {
  if (!error) return null;
  return t(`errors.${error.kind}`, { message: error.message });
}
