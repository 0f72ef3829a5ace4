import type { Report } from '@shared/domain/report';
import type { CaptureState } from '@shared/evidence/provenance';
import { parisAndUtc, PdfWriter, TOOL_VERSION } from '../capture';

// The summary PDF of a transmission package, in French: the report as received, the decision in words,
// and the list of every file of the package with its SHA-256 — what the receiving officer reads first.

export type SummarySection = { heading: string; lines: readonly string[] };

export type SummaryCapture = { id: string; url: string; state: CaptureState; reason: string; waczFile: string | null };

export type SummaryInput = {
  report: Report;
  sections: readonly SummarySection[];
  recipient: string;
  officer: string;
  created: string;
  files: readonly { path: string; bytes: number; sha256: string }[];
  /** Every capture of the report, joined or not, with its state. */
  captures: readonly SummaryCapture[];
  signer: string;
  packageName: string;
};

const SOURCE_FR = { public: 'public (portail de signalement)', professional: 'professionnel de l’internet', state: 'service de l’État' } as const;

export async function writeSummary(s: SummaryInput): Promise<Uint8Array> {
  const r = s.report;
  const w = await PdfWriter.create({ title: `Transmission du signalement ${r.reference}`, creator: TOOL_VERSION });
  w.text('PLATEFORME PHAROS — TRANSMISSION DE SIGNALEMENT', { size: 14, bold: true });
  w.text(`Destinataire : ${s.recipient}`, { size: 11 });
  w.text(`Établi par : ${s.officer} — le ${parisAndUtc(s.created)}`);
  w.heading('Signalement');
  w.text(`Référence : ${r.reference} — identifiant : ${r.id}`);
  w.text(`Reçu le ${parisAndUtc(r.receivedAt)} — source : ${SOURCE_FR[r.source]} — catégorie déclarée : ${r.category}`);
  for (const url of r.urls) w.text(`Adresse signalée : ${url}`, { indent: 12 });
  w.text(`Description : ${r.description}`);
  if (r.externalRef) w.text(`Référence externe : ${r.externalRef}`);
  for (const section of s.sections) {
    w.heading(section.heading);
    for (const line of section.lines) w.text(line);
  }
  w.heading('Historique');
  for (const e of r.events) w.text(`${e.at} — ${e.actor} — ${e.action}${e.detail ? ` — ${e.detail}` : ''}`, { size: 8, indent: 12 });
  w.heading('Captures');
  for (const line of captureLines(s.captures)) w.text(line);
  w.heading('Pièces du paquet et empreintes SHA-256');
  const flagOf = fileFlags(s.captures);
  for (const f of s.files) w.text(`${f.path}${flagOf.get(f.path) ?? ''} (${f.bytes} octets) : ${f.sha256}`, { size: 8 });
  w.heading('Intégrité');
  w.text(`Paquet scellé par la clé du poste d’empreinte ${s.signer} (SHA-256 de la clé publique).`, { size: 8 });
  w.text(`Chaque pièce, la signature et chaque capture incluse se vérifient par : pharos verify ${s.packageName}`);
  return w.save();
}

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

/** How many captures are complete, then each with its state in words (partial and failed flagged). */
export function captureLines(captures: readonly SummaryCapture[]): string[] {
  const complete = captures.filter((c) => c.state === 'complete').length;
  const head =
    captures.length === 0
      ? 'Aucune capture de ce signalement.'
      : `${complete} ${plural(complete, 'capture complète', 'captures complètes')} sur ${captures.length} ${plural(captures.length, 'capture', 'captures')} du signalement.`;
  return [head, ...captures.map((c) => `Capture ${c.id} — ${c.url} — ${stateLine(c)}`)];
}

function stateLine(c: SummaryCapture): string {
  switch (c.state) {
    case 'complete':
      return 'complète';
    case 'partial':
      return `CAPTURE PARTIELLE${c.reason ? ` : ${c.reason}` : ''}`;
    case 'failed':
      return `ÉCHEC de la capture${c.reason ? ` : ${c.reason}` : ''} (non jointe au paquet)`;
  }
}

/** The files of a partial capture carry its flag in the list of files too. */
function fileFlags(captures: readonly SummaryCapture[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const c of captures) {
    if (c.state !== 'partial') continue;
    flags.set(`captures/${c.id}.wacz`, ' [capture partielle]');
    flags.set(`captures/${c.id}-pv.pdf`, ' [capture partielle]');
  }
  return flags;
}
