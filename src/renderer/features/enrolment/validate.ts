import type { EnrolmentInput } from './store';

export type EnrolmentProblem = 'serverUrl' | 'fingerprint' | 'code' | 'deviceName';

/**
 * Checked before the call so the officer gets a French sentence about the right field rather than a
 * schema message; the workstation validates again at the boundary.
 */
export function enrolmentProblem(i: EnrolmentInput): EnrolmentProblem | null {
  if (!/^https:\/\/[^\s/?#]+/i.test(i.serverUrl)) return 'serverUrl';
  // SHA-256 = 32 bytes = 64 hex digits, however they are separated (AB:CD…, spaces, nothing).
  if (i.fingerprint.replace(/[^0-9a-f]/gi, '').length !== 64) return 'fingerprint';
  if (i.code.length < 6) return 'code';
  if (i.deviceName.length === 0) return 'deviceName';
  return null;
}
