import { inflateSync } from 'node:zlib';

/**
 * The text drawn in a PDF written by our writer: standard fonts write each line as a hex string in a
 * (possibly deflated) content stream. Enough to check what a document says, without a PDF parser.
 */
export function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  const streams: string[] = [];
  const re = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const body = Buffer.from(m[1] ?? '', 'latin1');
    try {
      streams.push(inflateSync(body).toString('latin1'));
    } catch {
      streams.push(body.toString('latin1'));
    }
  }
  const lines: string[] = [];
  for (const s of streams) for (const h of s.matchAll(/<([0-9A-Fa-f]+)> Tj/g)) lines.push(Buffer.from(h[1] ?? '', 'hex').toString('latin1'));
  // Lines are wrapped at spaces: joined with one, the sentences read back whole.
  return lines.join(' ');
}
