import type { Rng } from './prng';

/** Strings that break things: what PostgreSQL cannot store, control characters, odd Unicode, injections. */
export const NASTY_STRINGS: readonly string[] = [
  '\u0000', 'a\u0000b', 'Faux site\u0000 de vente en ligne', '\uD800', '\uDFFF', 'fin \uDBFF', '\uDC00 début', '\uD83D\uDE00 complet', '\uDE00\uD83D inversé',
  '\u0001\u0002\u0007', 'échap\u001B[31mrouge', 'saut\u000Bvertical', '\u007F', '\u200E\u202Egauche', '\uFEFFbom', '\uFFFE\uFFFF',
  '', ' ', '\t\r\n', 'é', 'ﬁ', 'İ', '<script>alert(1)</script>', "'; drop table reports; --", '%00', '\\u0000', '../../etc/passwd',
  '__proto__', 'constructor', 'https://exemple.fr/\u0000', 'https://exemple.fr/\uD800', 'javascript:alert(1)', 'x'.repeat(300), '0', '-1', 'null', 'true',
];

const NASTY_NUMBERS: readonly number[] = [0, -1, -0, 1e308, -1e308, 2 ** 53 + 2, 0.5, 1e-320, 2147483648, -2147483649, Number.MAX_SAFE_INTEGER];

export function nastyString(rng: Rng): string {
  const r = rng.next();
  if (r < 0.04) return 'x'.repeat(rng.int(5_000, 200_000));
  if (r < 0.08) return Array.from({ length: rng.int(1, 40) }, () => String.fromCharCode(rng.int(0, 0xffff))).join('');
  if (r < 0.15) return `${rng.pick(NASTY_STRINGS)}${rng.pick(NASTY_STRINGS)}`;
  return rng.pick(NASTY_STRINGS);
}

/** A JSON-like value of any type, often malformed, nested up to `depth`. */
export function junk(rng: Rng, depth = 3): unknown {
  const r = rng.next();
  if (r < 0.35) return nastyString(rng);
  if (r < 0.5) return rng.pick(NASTY_NUMBERS);
  if (r < 0.56) return rng.pick([true, false, null]);
  if (depth <= 0) return null;
  if (r < 0.7) return Array.from({ length: rng.int(0, 4) }, () => junk(rng, depth - 1));
  if (r < 0.74) return deep(rng.int(50, 1500));
  const o: Record<string, unknown> = {};
  for (let i = rng.int(0, 4); i > 0; i--) o[rng.chance(0.5) ? nastyString(rng).slice(0, 40) : rng.pick(['id', 'text', 'reportId', 'name', 'args'])] = junk(rng, depth - 1);
  return o;
}

/** JSON text nested `levels` deep (too deep for JSON.stringify to write). */
export const deepText = (levels: number): string => `${'[{"a":'.repeat(levels)}0${'}]'.repeat(levels)}`;

/** Nested arrays and objects `levels` deep. */
export function deep(levels: number): unknown {
  let v: unknown = 'fond';
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/**
 * A valid object with one field replaced, removed, retyped or given an extra (often unstorable) key: most
 * fuzz bodies are nearly right, which is what reaches deepest into a route.
 */
export function mutateObject(rng: Rng, base: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = { ...base };
  const keys = Object.keys(o);
  const changes = rng.int(1, 2);
  for (let i = 0; i < changes; i++) {
    const key = keys.length > 0 ? rng.pick(keys) : 'x';
    const r = rng.next();
    if (r < 0.45) o[key] = junk(rng, 2);
    else if (r < 0.6) delete o[key];
    else if (r < 0.75) o[nastyString(rng).slice(0, 60)] = junk(rng, 1);
    else if (r < 0.9 && typeof o[key] === 'string') o[key] = `${String(o[key])}${rng.pick(['\u0000', '\uD800', '\u001B', '\uDFFF'])}`;
    else o[key] = [o[key]];
  }
  return o;
}

/** JSON text made malformed at the byte level: truncated, invalid UTF-8, duplicate keys, huge numbers, nesting. */
export function corruptJsonText(rng: Rng, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = rng.int(0, Math.max(0, bytes.length - 1));
  const insert = (extra: Buffer): Buffer => Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)]);
  switch (rng.int(0, 9)) {
    case 0:
      return bytes.subarray(0, at);
    case 1:
      return insert(Buffer.from(rng.pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe0, 0x80, 0xaf], [0x80], [0xf4, 0x90, 0x80, 0x80]])));
    case 2:
      return Buffer.from(text.replace(/^\{/, `{"${rng.pick(['clientId', 'description', 'urls', 'mutations', 'cursor', 'username'])}":${JSON.stringify(junk(rng, 1)) ?? 'null'},`), 'utf8');
    case 3:
      return Buffer.from(text.replace(/^\{/, '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},'), 'utf8');
    case 4:
      return Buffer.from(text.replace(/\d+/, rng.pick(['1e999999', '123456789012345678901234567890', '-0.0000000000000000000000001e-400', '0x10', 'NaN', 'Infinity'])), 'utf8');
    case 5:
      return Buffer.from(`${'['.repeat(rng.int(1000, 200_000))}`, 'utf8');
    case 6:
      return Buffer.from(text.replace(/"([a-z]+)"/, '"$1\\u0000"'), 'utf8');
    case 7:
      return Buffer.from(text.replace(/":"/, '":"\\ud800'), 'utf8');
    case 8:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    default:
      return Buffer.from(text.replace(/,/g, rng.chance(0.5) ? ',,' : ''), 'utf8');
  }
}
