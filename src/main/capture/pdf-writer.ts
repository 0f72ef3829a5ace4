import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

// The PDF documents an officer hands over (PV de constatation, transmission summary, preservation
// requests) share one simple layout engine: A4, Helvetica, text wrapped to the page, images scaled.

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** The standard PDF fonts only know WinAnsi: anything else (a page title in another script) becomes '?'. */
function ansi(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (code < 32) return ' '; // line breaks and controls: the writer wraps by itself
      return code < 256 || WIN_ANSI_EXTRA.has(c) ? c : '?';
    })
    .join('');
}

/** A4 pages of wrapped text, headings and images, with the standard fonts (no font file to ship). */
export class PdfWriter {
  page: PDFPage;
  y = A4[1] - MARGIN;
  static async create(meta: { title: string; creator: string }): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(meta.title);
    doc.setCreator(meta.creator);
    return new PdfWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  }

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(A4);
  }

  private room(h: number): void {
    if (this.y - h >= MARGIN) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  text(raw: string, opts: { size?: number; bold?: boolean; indent?: number } = {}): void {
    const size = opts.size ?? 9;
    const font = opts.bold ? this.bold : this.font;
    const width = A4[0] - 2 * MARGIN - (opts.indent ?? 0);
    for (const line of wrap(ansi(raw), font, size, width)) {
      this.room(size + 3);
      this.page.drawText(line, { x: MARGIN + (opts.indent ?? 0), y: this.y - size, size, font, color: rgb(0, 0, 0) });
      this.y -= size + 3;
    }
  }

  heading(t: string): void {
    this.y -= 6;
    this.text(t, { size: 11, bold: true });
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }

  async image(png: Uint8Array, maxHeight: number): Promise<void> {
    const img = await this.doc.embedPng(png);
    const w = A4[0] - 2 * MARGIN;
    const scale = Math.min(w / img.width, maxHeight / img.height);
    this.room(img.height * scale + 6);
    this.page.drawImage(img, { x: MARGIN, y: this.y - img.height * scale, width: img.width * scale, height: img.height * scale });
    this.y -= img.height * scale + 6;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) line = candidate;
    else {
      if (line) out.push(line);
      // A word longer than the line (a URL, a hash) is cut where it overflows.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let n = rest.length;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

