import type { Report } from '@shared/domain/report';
import type { PreservationChannel } from '@shared/workflow/conservation';
import { parisAndUtc, PdfWriter, TOOL_VERSION } from '../capture';

// Conservatory measures (DESIGN §1 step 3): a request to the host to preserve the data of the reported
// content before it disappears, pending a judicial requisition. A French host receives it under French
// law; a foreign one through the G8/H24 network of 24/7 points of contact (Budapest Convention, art. 29
// expedited preservation and art. 35 network), in French and English.


export type PreservationRequest = {
  requestId: string;
  channel: PreservationChannel;
  report: Report;
  /** The URLs whose data must be kept (by default all of the report's). */
  urls: readonly string[];
  host: { name: string; country: string | null; contact: string | null };
  officer: string;
  requestedAt: string;
  /** How long the data must be kept; 90 days unless the officer says otherwise. */
  durationDays: number;
};

const FR_BASIS =
  'article 6 de la loi n° 2004-575 du 21 juin 2004 pour la confiance dans l’économie numérique et article L. 34-1 du code des postes et des ' +
  'communications électroniques, dans l’attente de la réquisition judiciaire qui suivra (articles 60-1, 77-1-1 et 99-3 du code de procédure pénale)';
const G8_BASIS =
  'Convention on Cybercrime of the Council of Europe (Budapest, 23 November 2001), article 29 (expedited preservation of stored computer data), ' +
  'transmitted through the G7/G8 24/7 network of points of contact (article 35)';

const DATA_FR = [
  'les contenus publiés aux adresses ci-dessous, dans leur état actuel, avec leurs métadonnées (dates de création et de modification) ;',
  'les données d’identification du compte à l’origine de la publication (identifiants, adresse électronique, téléphone, informations de paiement) ;',
  'les données de connexion : adresses IP et ports source, dates et heures (avec fuseau) de création du compte et des publications.',
];
const DATA_EN = [
  'the content published at the URLs below, as it stands, with its metadata (creation and modification dates);',
  'the subscriber information of the account that published it (identifiers, e-mail address, phone number, payment details);',
  'the traffic data: IP addresses and source ports, dates and times (with time zone) of the account creation and of the publications.',
];

export async function writePreservationRequest(req: PreservationRequest): Promise<Uint8Array> {
  if (req.urls.length === 0) throw new Error('aucune adresse à conserver');
  if (!Number.isInteger(req.durationDays) || req.durationDays < 1 || req.durationDays > 365) throw new Error('durée de conservation hors de 1 à 365 jours');
  const foreign = req.channel === 'g8_h24';
  const w = await PdfWriter.create({ title: `Demande de conservation ${req.requestId}`, creator: TOOL_VERSION });
  w.text(foreign ? 'DEMANDE DE CONSERVATION RAPIDE DE DONNÉES — PRESERVATION REQUEST' : 'DEMANDE DE CONSERVATION DE DONNÉES', { size: 14, bold: true });
  w.text(`Plateforme PHAROS (OCLCTIC) — demande n° ${req.requestId} — signalement ${req.report.reference}`, { size: 10 });
  w.text(`Émise le ${parisAndUtc(req.requestedAt)} par ${req.officer}`);
  w.heading(foreign ? 'Destinataire / Addressee' : 'Destinataire');
  w.text(`${req.host.name}${req.host.country ? ` (${req.host.country})` : ''}${req.host.contact ? ` — ${req.host.contact}` : ''}`);
  if (foreign) w.text('Par l’intermédiaire du point de contact H24 du réseau G8 / Through the G8 24/7 point of contact');
  w.heading(foreign ? 'Fondement / Legal basis' : 'Fondement');
  w.text(foreign ? `${G8_BASIS}.` : `En application de l’${FR_BASIS}.`);
  w.heading(foreign ? 'Données à conserver / Data to preserve' : 'Données à conserver');
  w.text(`Pendant ${req.durationDays} jours à compter de la présente demande, sans en informer l’utilisateur concerné :`);
  for (const line of DATA_FR) w.text(`• ${line}`, { indent: 12 });
  if (foreign) {
    w.text(`For ${req.durationDays} days from this request, without notifying the user concerned:`);
    for (const line of DATA_EN) w.text(`• ${line}`, { indent: 12 });
  }
  w.heading(foreign ? 'Adresses concernées / URLs' : 'Adresses concernées');
  for (const url of req.urls) w.text(url, { indent: 12 });
  w.heading(foreign ? 'Faits / Facts' : 'Faits');
  w.text(`Signalement reçu le ${parisAndUtc(req.report.receivedAt)}, catégorie ${req.report.category}. Une demande d’entraide ou une réquisition judiciaire suivra.`);
  if (foreign) w.text('A mutual legal assistance request or a judicial order will follow.');
  return w.save();
}
