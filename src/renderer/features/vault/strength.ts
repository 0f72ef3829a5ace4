export type Strength = 'weak' | 'fair' | 'good' | 'strong';

/**
 * A rough hint, not a policy: length counts most (a long sentence beats a short complicated word),
 * variety of character classes a little. The only hard rule is the 10-character minimum.
 */
export function passphraseStrength(p: string): Strength {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
  const words = p.trim().split(/\s+/).filter(Boolean).length;
  const score = p.length + classes * 3 + (words >= 3 ? 8 : 0);
  if (p.length < 10 || score < 18) return 'weak';
  if (score < 26) return 'fair';
  if (score < 36) return 'good';
  return 'strong';
}
