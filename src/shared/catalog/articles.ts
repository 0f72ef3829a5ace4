import { foldText } from './offence';

/**
 * Articles of law inside the free texts of the catalog ("ART.421-2-5 AL.2,AL.1 C.PENAL.", "art. 24 al. 7
 * de la loi du 29 juillet 1881") and inside what an officer types ("421-2-5", "art. 24 loi 1881",
 * "L3421-4"). An article is a key (`421-2-5`, `l3421-4`, `r625-7`, `35-quater`) and the code or law it
 * belongs to, taken from the marker that follows it, as both the official table and French usage write
 * it ("ART.x, ART.y C.PENAL.").
 */
export const LAW_CODES = ['cp', 'csp', 'cpi', 'loi1881', 'lcen', 'csi', 'cmf', 'cdouanes', 'other'] as const;
export type LawCode = (typeof LAW_CODES)[number];
export type ArticleRef = { article: string; code: LawCode | null };

/** Longest forms first: the first alternative that matches at a position wins. */
const MARKERS: readonly [LawCode, string][] = [
  ['cp', String.raw`code penal|c\.?\s*penal\.?`],
  ['csp', String.raw`code de la sante publique|c\.?\s*sante\.?\s*pub(?:lique)?\.?|\bcsp\b`],
  ['cpi', String.raw`code de la propriete intellectuelle|c\.?\s*propr\.?\s*int(?:ellectuelle)?\.?|\bcpi\b`],
  ['loi1881', String.raw`loi du 29(?:\/07\/| juillet )1881\.?|loi (?:de |du )?1881|\b1881\b`],
  ['lcen', String.raw`loi (?:n[°o]\s*)?2004-575(?: du (?:21\/06\/2004|21 juin 2004))?\.?|\blcen\b`],
  ['csi', String.raw`code de la securite interieure|c\.s\.i\.?|\bcsi\b`],
  ['cmf', String.raw`code monetaire et financier|c\.?\s*mon\.?\s*fin\.?|\bcmf\b`],
  ['cdouanes', String.raw`code des douanes|c\.?\s*douanes\.?`],
  ['other', String.raw`loi (?:n[°o]\s*)?\d+-\d+(?: du [\d/]+)?\.?|arr\.?\s*minist\.?(?: du [\d/]+)?\.?|decret (?:n[°o]\s*)?[\d-]+`],
];
const MARKER_RE = new RegExp(MARKERS.map(([, re]) => `(${re})`).join('|'), 'g');

const SUFFIX = 'bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies';
const NUMBER = String.raw`(?:[lrd]\.?\s*)?\d+(?:\s*-\s*\d+)*(?:\s*-?\s*(?:${SUFFIX})\b)?`;
const ARTICLE_RE = new RegExp(String.raw`\bart(?:icles?|s)?\.?\s*(${NUMBER})`, 'g');

/** `L. 3421-4` → `l3421-4`, `35 quater` → `35-quater`. */
export function articleKey(raw: string): string {
  const folded = foldText(raw).replace(/\s+/g, ' ').trim();
  const m = new RegExp(String.raw`^([lrd])?\.?\s*(\d+(?:\s*-\s*\d+)*)(?:\s*-?\s*(${SUFFIX}))?$`).exec(folded);
  if (!m) return folded.replace(/[\s.]+/g, '');
  const digits = (m[2] ?? '').replace(/\s+/g, '');
  return `${m[1] ?? ''}${digits}${m[3] ? `-${m[3]}` : ''}`;
}

type Marker = { start: number; end: number; code: LawCode };

function findMarkers(folded: string): Marker[] {
  const out: Marker[] = [];
  for (const m of folded.matchAll(MARKER_RE)) {
    const group = m.slice(1).findIndex((g) => g !== undefined);
    const code = MARKERS[group]?.[0];
    if (code) out.push({ start: m.index, end: m.index + m[0].length, code });
  }
  return out;
}

/** Every article cited in a text, each with the code that follows it (null when none does). */
export function extractArticles(text: string): ArticleRef[] {
  const folded = foldText(text);
  const markers = findMarkers(folded);
  // Marker text (dates, law numbers) is blanked so that it is never read as an article number.
  let masked = folded;
  for (const mk of markers) masked = `${masked.slice(0, mk.start)}${' '.repeat(mk.end - mk.start)}${masked.slice(mk.end)}`;
  const seen = new Set<string>();
  const out: ArticleRef[] = [];
  for (const m of masked.matchAll(ARTICLE_RE)) {
    const at = m.index + m[0].length;
    const code = markers.find((mk) => mk.start >= at)?.code ?? null;
    const ref = { article: articleKey(m[1] ?? ''), code };
    const key = `${ref.article}@${ref.code ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}

/**
 * The article an officer is looking for, or null when the query is not one: "art. 24 loi 1881",
 * "421-2-5", "L3421-4", "R.625-7", "article 313-1 du code pénal". A bare number is a NATINF code, not an article.
 */
export function parseArticleQuery(text: string): ArticleRef | null {
  const folded = foldText(text).trim();
  if (folded.length === 0) return null;
  const withPrefix = /^art/.test(folded)
    ? folded
    : new RegExp(String.raw`^(?:[lrd]\.?\s*\d+|\d+\s*-\s*\d+)`).test(folded)
      ? `art. ${folded}`
      : null;
  if (withPrefix === null) return null;
  return extractArticles(withPrefix)[0] ?? null;
}

/** A NATINF code typed on its own ("30735", "natinf 30735"), or null. */
export function parseNatinfQuery(text: string): string | null {
  const m = /^(?:natinf\s*:?\s*)?(\d{1,6})$/.exec(foldText(text).trim());
  return m ? (m[1] ?? null) : null;
}
