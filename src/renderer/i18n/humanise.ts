import type { TFunction } from 'i18next';
import { CAPTURE_STATES, ORIENTATION_OUTCOMES, PRESERVATION_STATUSES, REPORT_STATUSES, SCREENING_CASES, URGENCIES, VERIFICATION_OUTCOMES } from '@shared';

/**
 * Audit details are written by the shared plan for the audit log ("central_office → sdat (urgent)",
 * "private_correspondence — …"); the officer reads them in words. Each code the plan may write is
 * replaced by its label of the catalogue; the rest of the text (names, comments) is left as it is.
 */
const KEYS: ReadonlyArray<readonly [readonly string[], string]> = [
  [ORIENTATION_OUTCOMES, 'workflow.orientation.outcomes'],
  [SCREENING_CASES, 'workflow.screening.cases'],
  [VERIFICATION_OUTCOMES, 'workflow.verification.outcomes'],
  [URGENCIES, 'workflow.orientation.urgencies'],
  [PRESERVATION_STATUSES, 'conservation.statuses'],
  [REPORT_STATUSES, 'status'],
  [CAPTURE_STATES, 'capture.state'],
];

// Longest codes first, so that `close_no_offence` is not read as `close` + …; whole words only.
const CODES = KEYS.flatMap(([codes, key]) => codes.map((c) => [c, `${key}.${c}`] as const)).sort((a, b) => b[0].length - a[0].length);
const BY_CODE = new Map<string, string>();
for (const [code, key] of CODES) if (!BY_CODE.has(code)) BY_CODE.set(code, key);
const PATTERN = new RegExp(`(?<![\\w-])(${CODES.map(([c]) => c).join('|')})(?![\\w-])`, 'g');

export function humaniseCodes(text: string, t: TFunction): string {
  return text.replace(PATTERN, (code) => {
    const key = BY_CODE.get(code);
    return key ? t(key) : code;
  });
}
