import type { TFunction } from 'i18next';
import type { AppError } from '@shared';

/** Enrolment errors explained for the officer: a TLS mismatch is a security warning, not a glitch. */
export function enrolmentErrorText(t: TFunction, error: AppError | null): string | null {
  if (!error) return null;
  switch (error.kind) {
    case 'tls':
      return t('enrolment.error.tls');
    case 'network':
      return t('enrolment.error.network');
    case 'validation':
      return t('enrolment.error.validation', { message: error.message });
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'conflict':
      return t('enrolment.error.code');
    case 'locked':
    case 'wrong_passphrase':
    case 'rate_limited':
    case 'unsupported':
    case 'internal':
      return t('enrolment.error.other', { message: error.message });
    default: {
      const never: never = error.kind;
      return never;
    }
  }
}
