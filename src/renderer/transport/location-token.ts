/**
 * The one-time token printed by `npm run start:web` arrives in the address (`#token=…`). It is read
 * once and removed from the visible URL at once, so that it does not linger in the address bar, the
 * history or a screenshot.
 */
export function takeLocationToken(loc: Pick<Location, 'hash' | 'search' | 'pathname'>, history: Pick<History, 'replaceState'>): string | null {
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const query = new URLSearchParams(loc.search.replace(/^\?/, ''));
  const token = hash.get('token') ?? query.get('token');
  if (!token) return null;
  hash.delete('token');
  query.delete('token');
  const search = query.toString();
  const rest = hash.toString();
  history.replaceState(null, '', `${loc.pathname}${search ? `?${search}` : ''}${rest ? `#${rest}` : ''}`);
  return token;
}
