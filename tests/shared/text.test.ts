import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findUnstorable, freeText, freeTextReason, parseMutation, printable, storable, unstorableReason } from '@shared';

describe('storable text', () => {
  it('refuses U+0000 and lone surrogates, naming the position; pairs, tabs and new lines are text', () => {
    expect(unstorableReason('ab\u0000')).toBe('contient un caractère nul (U+0000) à la position 3, impossible à enregistrer');
    expect(unstorableReason('\uD800x')).toContain('U+D800');
    expect(unstorableReason('x\uDC00')).toContain('U+DC00');
    expect(unstorableReason('\uDE00\uD83D')).toContain('U+DE00');
    expect(unstorableReason('émoji \uD83D\uDE00, tab\t, ligne\r\n, \u001B')).toBeNull();
    expect(freeTextReason('\u001B[31m')).toContain('U+001B');
    expect(freeTextReason('\u007F')).toContain('U+007F');
    expect(freeTextReason('a\tb\r\nc')).toBeNull();
  });

  it('walks values, keys included, without recursion, and skips byte buffers', () => {
    expect(findUnstorable({ a: [1, { b: 'x\u0000' }] })).toEqual({ path: ['a', 1, 'b'], message: expect.stringContaining('U+0000') });
    expect(findUnstorable({ a: { '\uD800': 1 } })).toEqual({ path: ['a'], message: expect.stringContaining('nom de champ') });
    let deep: unknown = 'fond\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorable(deep)?.path).toHaveLength(200_000);
    expect(findUnstorable(new Uint8Array([0, 0xff]))).toBeNull();
    expect(findUnstorable({ ok: 'texte', n: 1, b: null })).toBeNull();
  });

  it('makes echoed text printable without cutting a surrogate pair', () => {
    expect(printable('a\u0000b\uD800', 10)).toBe('a\uFFFDb\uFFFD');
    expect(printable('ab\uD83D\uDE00', 3)).toBe('ab');
    expect(printable('ok \uD83D\uDE00', 10)).toBe('ok \uD83D\uDE00');
  });

  it('refines schemas: storable on everything, free text on what people type', () => {
    const s = storable(z.object({ tags: z.record(z.string(), z.string()) }));
    expect(s.safeParse({ tags: { a: 'b' } }).success).toBe(true);
    const bad = s.safeParse({ tags: { 'cl\u0000é': 'b' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['tags']);
    expect(freeText(1, 10).safeParse(' x\u000By ').success).toBe(false);
    expect(freeText(1, 10).safeParse(' x ').data).toBe('x');
  });

  it('parseMutation refuses unstorable arguments before the schema, keys too, with a storable message', () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const nul = parseMutation('note', { reportId: id, text: 'a\u0000' });
    expect(nul).toEqual({ ok: false, message: expect.stringContaining('note : text : texte qui contient un caractère nul (U+0000)') });
    const key = parseMutation('note', { reportId: id, text: 'a', '\u0000\uD800': 1 });
    expect(key.ok).toBe(false);
    if (!key.ok) expect(unstorableReason(key.message)).toBeNull();
    expect(parseMutation('note', { reportId: id, text: 'ligne\nsuivante' }).ok).toBe(true);
  });
});
