import { PNG } from 'pngjs';
import type { CdpSession } from './cdp';

// The renderings of the page as the officer would have seen it, taken once the network has settled.
// Full-page screenshots are capped (FULL_PAGE_MAX_HEIGHT by default): beyond that a page is usually an
// infinite feed, and the WARC still holds everything that was loaded.

export const FULL_PAGE_MAX_HEIGHT = 20_000;
/** Chromium renders one screenshot up to about 16 384 px; taller pages are shot in tiles of this height. */
const TILE_HEIGHT = 8_000;

export type RenderingName = 'screenshot-full' | 'screenshot-viewport' | 'page.pdf' | 'page.mhtml' | 'dom.html' | 'text.txt';

export type Rendering = { name: RenderingName; file: string; mime: string; bytes: Uint8Array; note: string };

export const RENDERING_FILES: Record<RenderingName, { file: string; mime: string }> = {
  'screenshot-full': { file: 'screenshot-full.png', mime: 'image/png' },
  'screenshot-viewport': { file: 'screenshot-viewport.png', mime: 'image/png' },
  'page.pdf': { file: 'page.pdf', mime: 'application/pdf' },
  'page.mhtml': { file: 'page.mhtml', mime: 'multipart/related' },
  'dom.html': { file: 'dom.html', mime: 'text/html; charset=utf-8' },
  'text.txt': { file: 'text.txt', mime: 'text/plain; charset=utf-8' },
};

function make(name: RenderingName, bytes: Uint8Array, note = ''): Rendering {
  return { name, ...RENDERING_FILES[name], bytes, note };
}

async function shot(page: CdpSession, clip: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
  const r = await page.send('Page.captureScreenshot', {
    format: 'png',
    captureBeyondViewport: true,
    clip: { ...clip, scale: 1 },
  });
  return Buffer.from(r.data, 'base64');
}

/** Tiles are distinct regions of the laid-out document (no scrolling), so nothing repeats between them. */
export async function fullPageScreenshot(page: CdpSession, maxHeight: number): Promise<Rendering> {
  const m = await page.send('Page.getLayoutMetrics');
  const width = Math.max(1, Math.ceil(m.cssLayoutViewport.clientWidth));
  const fullHeight = Math.max(1, Math.ceil(m.cssContentSize.height));
  const height = Math.min(fullHeight, maxHeight);
  const note = fullHeight > maxHeight ? `page de ${fullHeight} px coupée à ${maxHeight} px` : '';
  if (height <= TILE_HEIGHT) return make('screenshot-full', await shot(page, { x: 0, y: 0, width, height }), note);
  const out = new PNG({ width, height });
  for (let y = 0; y < height; y += TILE_HEIGHT) {
    const h = Math.min(TILE_HEIGHT, height - y);
    const tile = PNG.sync.read(await shot(page, { x: 0, y, width, height: h }));
    const rows = Math.min(h, tile.height);
    const w = Math.min(width, tile.width);
    for (let row = 0; row < rows; row++) {
      tile.data.copy(out.data, ((y + row) * width) * 4, row * tile.width * 4, (row * tile.width + w) * 4);
    }
  }
  return make('screenshot-full', PNG.sync.write(out), note);
}

export async function viewportScreenshot(page: CdpSession): Promise<Rendering> {
  const r = await page.send('Page.captureScreenshot', { format: 'png' });
  return make('screenshot-viewport', Buffer.from(r.data, 'base64'));
}

export async function pdf(page: CdpSession): Promise<Rendering> {
  const r = await page.send('Page.printToPDF', { printBackground: true, preferCSSPageSize: true });
  return make('page.pdf', Buffer.from(r.data, 'base64'));
}

export async function mhtml(page: CdpSession): Promise<Rendering> {
  const r = await page.send('Page.captureSnapshot', { format: 'mhtml' });
  return make('page.mhtml', Buffer.from(r.data, 'utf8'));
}

async function evaluateString(page: CdpSession, expression: string): Promise<string> {
  const r = await page.send('Runtime.evaluate', { expression, returnByValue: true });
  const v: unknown = r.result.value;
  return typeof v === 'string' ? v : '';
}

/** The DOM after scripts ran, serialised with its doctype. */
export async function domSnapshot(page: CdpSession): Promise<Rendering> {
  const html = await evaluateString(
    page,
    `(() => { const d = document.doctype ? new XMLSerializer().serializeToString(document.doctype) + '\\n' : '';
       return d + (document.documentElement ? document.documentElement.outerHTML : ''); })()`,
  );
  return make('dom.html', Buffer.from(html, 'utf8'));
}

export async function visibleText(page: CdpSession): Promise<Rendering> {
  const text = await evaluateString(page, `document.body ? document.body.innerText : ''`);
  return make('text.txt', Buffer.from(text, 'utf8'));
}
