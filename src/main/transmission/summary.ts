import type { Report } from '@shared/domain/report';
import { parisAndUtc, PdfWriter, TOOL_VERSION } from '../capture';

// The summary PDF of a transmission package, in French: the report as received, the decision in words,
// and the list of every file of the package with its SHA-256 — what the receiving officer reads first.

export type SummarySection = { heading: string; lines: readonly string[] };

export type SummaryInput = {
  report: Report;
  sections: readonly SummarySection[];
  recipient: string;
  officer: string;
  created: string;
  files: readonly { path: string; bytes: number; sha256: string }[];
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
  w.heading('Pièces du paquet et empreintes SHA-256');
  for (const f of s.files) w.text(`${f.path} (${f.bytes} octets) : ${f.sha256}`, { size: 8 });
  w.heading('Intégrité');
  w.text(`Paquet scellé par la clé du poste d’empreinte ${s.signer} (SHA-256 de la clé publique).`, { size: 8 });
  w.text(`Chaque pièce, la signature et chaque capture incluse se vérifient par : pharos verify ${s.packageName}`);
  return w.save();
}
