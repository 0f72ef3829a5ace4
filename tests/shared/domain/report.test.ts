import { describe, expect, it } from 'vitest';
import { MAX_URLS_PER_REPORT, ReportSubmissionSchema, basePriority, CATEGORIES } from '@shared';

const valid = {
  urls: ['https://boutique-exemple.fr/produit/1'],
  category: 'scam',
  description: 'Faux site de vente, paiement par virement uniquement.',
};

describe('ReportSubmissionSchema', () => {
  it('accepts a complete submission', () => {
    expect(ReportSubmissionSchema.safeParse({ ...valid, reporter: { email: 'a@b.fr' } }).success).toBe(true);
  });

  it.each([
    ['no URL', { ...valid, urls: [] }],
    ['too many URLs', { ...valid, urls: Array.from({ length: MAX_URLS_PER_REPORT + 1 }, (_, i) => `https://x.fr/${i}`) }],
    ['a non-http URL', { ...valid, urls: ['file:///etc/passwd'] }],
    ['an unknown category', { ...valid, category: 'weather' }],
    ['a description too short', { ...valid, description: 'court' }],
    ['a malformed email', { ...valid, reporter: { email: 'pas-un-email' } }],
  ])('rejects %s', (_label, input) => {
    expect(ReportSubmissionSchema.safeParse(input).success).toBe(false);
  });
});

describe('basePriority', () => {
  it('ranks terrorism and child abuse above scams, and State sources higher', () => {
    expect(basePriority('terrorism', 'public')).toBeGreaterThan(basePriority('scam', 'public'));
    expect(basePriority('scam', 'state')).toBeGreaterThan(basePriority('scam', 'public'));
    for (const c of CATEGORIES) {
      const p = basePriority(c, 'state');
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(100);
    }
  });
});
