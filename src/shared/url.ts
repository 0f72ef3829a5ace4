/**
 * URL canonicalisation for cross-checking reports (recoupement): two reports of the same page must
 * produce the same key even when typed differently. Pure: relies only on the WHATWG URL parser.
 */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|igshid|ref_src)$/i;

export function canonicalUrl(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
  const params = new URLSearchParams(u.search);
  const drop: string[] = [];
  params.forEach((_v, k) => {
    if (TRACKING_PARAMS.test(k)) drop.push(k);
  });
  for (const k of drop) params.delete(k);
  params.sort();
  const query = params.toString();
  u.search = query ? `?${query}` : '';
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.slice(0, -1);
  return u.toString();
}

/** The host of an address, lower-case, or null when it is not a valid http(s) URL. */
export function urlHost(input: string): string | null {
  try {
    const u = new URL(input.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}
