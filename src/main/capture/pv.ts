import { PdfWriter } from './pdf-writer';
import type { CaptureResult } from './capture';

// The "procès-verbal de constatation" in French: what an investigator attaches to the case file. It lists
// who captured what, when (Paris and UTC), how (the steps), what came out (every file with its SHA-256),
// and how to check it (signing key fingerprint, timestamp, `pharos verify`).

export function parisAndUtc(iso: string): string {
  const d = new Date(iso);
  const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'medium' }).format(d);
  return `${paris} (heure de Paris) — ${iso} (UTC)`;
}

const STATE_FR = { complete: 'complète', partial: 'partielle', failed: 'échouée' } as const;

export async function writePv(r: CaptureResult, screenshots: { viewport?: Uint8Array; full?: Uint8Array }): Promise<Uint8Array> {
  const w = await PdfWriter.create({ title: `PV de constatation ${r.provenance.captureId}`, creator: r.provenance.toolVersion });
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
  // A partial capture's reason is the list of what is missing, written out below item by item.
  const why = p.state !== 'partial' && p.reason ? ` — ${p.reason}` : '';
  w.text(`Résultat : capture ${STATE_FR[p.state]}${why}`, { bold: true });
  if (p.missing.length > 0) w.text(`Éléments manquants (${p.missing.length}) :`, { bold: true });
  for (const m of p.missing) w.text(`${m.item} : ${m.reason}`, { indent: 12 });
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
  return w.save();
}
