/**
 * An address shown as inert text with its host emphasised: the host is what an officer reads first
 * (who hosts it, which platform). Never a link: the page may be illegal content.
 */
export function splitUrl(url: string): { before: string; host: string; after: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?)([^/?#:]+)(.*)$/i.exec(url);
  if (!m) return { before: '', host: '', after: url };
  return { before: m[1] ?? '', host: m[2] ?? '', after: m[3] ?? '' };
}

export function UrlText({ url }: { url: string }) {
  const { before, host, after } = splitUrl(url);
  return (
    <span className="url-text" translate="no">
      <span className="url-dim">{before}</span>
      <strong className="url-host">{host}</strong>
      <span className="url-dim">{after}</span>
    </span>
  );
}
