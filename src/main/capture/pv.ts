import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { CaptureResult } from './capture';

// The "procès-verbal de constatation" in French: what an investigator attaches to the case file. It lists
// who captured what, when (Paris and UTC), how (the steps), what came out (every file with its SHA-256),
// and how to check it (signing key fingerprint, timestamp, `pharos verify`).

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

export function parisAndUtc(iso: string): string {
  const d = new Date(iso);
  const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'medium' }).format(d);
  return `${paris} (heure de Paris) — ${iso} (UTC)`;
}

class Writer {
  page: PDFPage;
  y = A4[1] - MARGIN;
  constructor(
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

const STATE_FR = { complete: 'complète', partial: 'partielle', failed: 'échouée' } as const;

export async function writePv(r: CaptureResult, screenshots: { viewport?: Uint8Array; full?: Uint8Array }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`PV de constatation ${r.provenance.captureId}`);
  doc.setCreator(r.provenance.toolVersion);
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  const p = r.provenance;
  w.text('PROCÈS-VERBAL DE CONSTATATION', { size: 15, bold: true });
  w.text('Capture d’une page internet à titre de preuve', { size: 11 });
  w.heading('Identification');
  w.text(`Agent : ${p.operator}${p.persona ? ` — sous le pseudonyme (persona) : ${p.persona}` : ' — sans pseudonyme'}`);
  w.text(`Signalement : ${p.reportId ?? 'aucun'} — cadre juridique : ${p.legalBasis || 'non précisé'} — capture n° ${p.captureId}`);
  w.text(`Début : ${parisAndUtc(p.startedAt)}`);
  w.text(`Fin : ${parisAndUtc(p.endedAt)}`);
  w.heading('Adresse constatée');
  w.text(`Adresse demandée : ${p.urlGiven}`);
  w.text(`Adresse finale : ${p.finalUrl ?? '—'} — statut HTTP : ${p.httpStatus ?? '—'} — serveur : ${p.remoteIp ?? '—'} — sortie du poste : ${p.egressIp ?? '—'}`);
  for (const h of p.redirectChain) w.text(`redirection ${h.status} : ${h.url} → ${h.location}`, { indent: 12 });
  w.text(`Résultat : capture ${STATE_FR[p.state]}${p.reason ? ` — ${p.reason}` : ''}`, { bold: true });
  w.heading('Déroulement');
  for (const s of r.steps) w.text(`${s.at} — ${s.label}`, { indent: 12 });
  w.text(`Navigateur : ${p.browserVersion} — outil : ${p.toolVersion} — système : ${p.os} — défilement : ${p.scroller}`);
  w.text(`Requêtes bloquées : ${p.blockedRequests.length} — événements de la page : ${p.events.length}`);
  for (const b of p.blockedRequests.slice(0, 20)) w.text(`bloquée (${b.reason}) : ${b.url}`, { indent: 12, size: 8 });
  for (const e of p.events.slice(0, 20)) w.text(`${e.kind} : ${e.detail}`, { indent: 12, size: 8 });
  w.heading('Fichiers produits et empreintes SHA-256');
  w.text(`${r.wacz.path} (${r.wacz.bytes} octets) : ${r.wacz.sha256}`, { size: 8 });
  for (const f of r.waczEntries) w.text(`${r.wacz.path} › ${f.path} (${f.bytes} octets) : ${f.sha256}`, { size: 8, indent: 12 });
  for (const f of r.renderings) w.text(`${f.file} (${f.bytes} octets) : ${f.sha256}${f.note ? ` — ${f.note}` : ''}`, { size: 8 });
  w.heading('Intégrité');
  w.text(`Empreinte de la clé de signature du poste (SHA-256 de la clé publique) : ${r.signerFingerprint}`, { size: 8 });
  w.text(r.timestamp ? `Horodatage RFC 3161 de la signature : ${parisAndUtc(r.timestamp)}` : 'Horodatage RFC 3161 : aucun (pas d’autorité configurée)');
  w.text(`Vérification par quiconque : pharos verify ${r.wacz.path}`);
  if (screenshots.viewport) {
    w.heading('Capture d’écran de la fenêtre');
    await w.image(screenshots.viewport, 330);
  }
  if (screenshots.full) {
    w.heading('Capture pleine page (réduite)');
    await w.image(screenshots.full, 600);
  }
  return doc.save();
}
