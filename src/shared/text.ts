import { z } from 'zod';

/**
 * Text the central server can store. PostgreSQL's text and jsonb refuse U+0000 (an error, which used
 * to surface as a 500 and, inside a push, blocked the device's outbox for good), and text is stored as
 * UTF-8, which has no encoding for a lone UTF-16 surrogate (jsonb refuses its escape; a text column gets
 * U+FFFD instead, silently changing what was sent). Every string the server stores — and every key of
 * a JSON object, since jsonb stores keys — must be free of both: that is "storable" text.
 *
 * Free text typed by people (notes, comments, the public's description, a reporter's name) is held to
 * more: no C0 control character except tab, line feed and carriage return, and no DEL. They are
 * invisible in every screen and in the PV, so they can hide or alter what a reader of the evidence sees
 * (terminal escapes in an administrator's CLI output, text cut short by a viewer); nobody types them.
 * Identifiers and machine-written text (URLs, capture records, audit entries) keep only the storable
 * rule: they are checked by their own formats, and a captured page's title must be kept as it was.
 */

// Matching control characters is the point of these expressions.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const hex = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why this string cannot be stored, in French (position counted from 1), or null. */
export function unstorableReason(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  const what = code === 0 ? 'un caractère nul (U+0000)' : `une moitié isolée de paire de substitution UTF-16 (${hex(code)}) : texte mal encodé`;
  return `contient ${what} à la position ${m.index + 1}, impossible à enregistrer`;
}

/** The storable rule, plus no invisible control character (see the module comment). */
export function freeTextReason(s: string): string | null {
  const bad = unstorableReason(s);
  if (bad) return bad;
  const m = CONTROL.exec(s);
  return m ? `contient un caractère de contrôle invisible (${hex(m[0].charCodeAt(0))}) à la position ${m.index + 1} : retirez-le` : null;
}

export type TextProblem = { path: (string | number)[]; message: string };

/** Parsed JSON and form data: a byte buffer or a stream (an evidence upload) is not text and is not walked. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The first string or object key in a parsed JSON-like value that cannot be stored, or null. Walks
 * plain objects and arrays without recursion: a request body nested a million levels deep must not overflow the stack.
 */
export function findUnstorable(value: unknown): TextProblem | null {
  // Each item keeps its parent, not a copy of its path: the path is built only for the one refused.
  type Item = { v: unknown; key: string | number | null; parent: Item | null };
  const pathOf = (item: Item | null): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at = item; at !== null && at.key !== null; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const stack: Item[] = [{ v: value, key: null, parent: null }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { v } = item;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason) return { path: pathOf(item), message: `texte qui ${reason}` };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, parent: item });
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] ?? '';
        const reason = unstorableReason(key);
        if (reason) return { path: pathOf(item), message: `nom de champ qui ${reason}` };
        stack.push({ v: v[key], key, parent: item });
      }
    }
  }
  return null;
}

/** A path for a message: itself made printable (a key may be the very text refused). */
export const describePath = (path: readonly (string | number)[]): string => printable(path.join('.'), 200);

/** "champ : problème", the form every refusal of unstorable text takes. */
export const describeProblem = (p: TextProblem): string => (p.path.length > 0 ? `${describePath(p.path)} : ${p.message}` : p.message);

/**
 * Text that echoes input back (a refusal's reason, a logged name) made safe to store and show: at most
 * `max` UTF-16 units without cutting a surrogate pair, NUL, lone surrogates and control characters
 * replaced by U+FFFD.
 */
export function printable(s: string, max: number): string {
  let cut = s.length > max ? s.slice(0, max) : s;
  const last = cut.charCodeAt(cut.length - 1);
  if (cut.length < s.length && last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Refines a whole schema (its parsed value): every string and key in it must be storable. The issue
 * names the field. Used on each schema the server stores from, so a refusal is a 400 with its reason.
 */
export function storable<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const problem = findUnstorable(value);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
}

/** Free text typed by a person (see the module comment), trimmed, between min and max characters. */
export function freeText(min: number, max: number): z.ZodString {
  return z.string().trim().min(min).max(max).superRefine((s, ctx) => {
    const reason = freeTextReason(s);
    if (reason) ctx.addIssue({ code: 'custom', message: `texte qui ${reason}` });
  });
}
