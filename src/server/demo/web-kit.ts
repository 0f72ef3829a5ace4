import { esc } from '../intake/html';

/**
 * Building blocks of the demo web: harmless synthetic pages that the demo reports point to, so that
 * verification and capture can be tried with no Internet. Same origin only, no external resource.
 */
export const DEMO_WEB_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; connect-src 'self'";

const BANNER = `<div class="demo" role="note">Page de démonstration synthétique PHAROS — contenu fictif et inoffensif.</div>`;

export function demoPage(title: string, body: string, opts: { style?: string; script?: string } = {}): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:Georgia,serif;margin:0;background:#fafafa;color:#222}
.demo{background:#ffd54f;color:#000;font:600 13px system-ui,sans-serif;padding:4px 10px;text-align:center}
main{max-width:60rem;margin:0 auto;padding:1rem}
${opts.style ?? ''}
</style>
</head>
<body>
${BANNER}
<main>
${body}
</main>
${opts.script ? `<script>${opts.script}</script>` : ''}
</body>
</html>
`;
}

/** A generated SVG picture (product photo, avatar, video poster): a coloured panel with a caption. */
export function svgImage(label: string, seed: number, width = 480, height = 320): string {
  const hue = (seed * 47) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},70%,35%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
<circle cx="${width * 0.75}" cy="${height * 0.3}" r="${height * 0.18}" fill="rgba(255,255,255,.25)"/>
<text x="50%" y="55%" font-family="sans-serif" font-size="${Math.round(height / 10)}" fill="#fff" text-anchor="middle">${esc(label)}</text>
<text x="50%" y="90%" font-family="sans-serif" font-size="14" fill="rgba(255,255,255,.8)" text-anchor="middle">image synthétique n° ${seed}</text>
</svg>`;
}

/** Stable small integer from a string (page variants, image colours). */
export function hashOf(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 1000;
}
