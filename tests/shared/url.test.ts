import { describe, expect, it } from 'vitest';
import { canonicalUrl, urlHost } from '@shared';

describe('canonicalUrl', () => {
  it('gives one key for the same page written differently', () => {
    const variants = [
      'https://WWW.Example.fr/annonce/42/?utm_source=x&b=2&a=1#photos',
      'https://example.fr:443/annonce/42?a=1&b=2',
      'https://user:pw@example.fr./annonce/42?fbclid=abc&a=1&b=2',
    ];
    const keys = new Set(variants.map(canonicalUrl));
    expect(keys).toEqual(new Set(['https://example.fr/annonce/42?a=1&b=2']));
  });

  it('keeps what distinguishes pages', () => {
    expect(canonicalUrl('http://example.fr/a')).not.toBe(canonicalUrl('https://example.fr/a'));
    expect(canonicalUrl('https://example.fr/a?id=1')).not.toBe(canonicalUrl('https://example.fr/a?id=2'));
    expect(canonicalUrl('https://example.fr:8443/a')).toBe('https://example.fr:8443/a');
  });

  it('rejects what is not an http(s) address', () => {
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'pas une adresse', '']) {
      expect(canonicalUrl(bad)).toBeNull();
    }
    expect(urlHost('ftp://example.fr/x')).toBeNull();
    expect(urlHost('https://Forum.Example.fr/t/1')).toBe('forum.example.fr');
  });
});
