import { PRESERVATION_CHANNEL_FR, type Decision, type OrientationOutcome, type ServiceEntry } from '@shared';
import type { SummarySection } from './summary';

// The decision in words, for the summary PDF of a transmission package: what the receiving officer needs
// to read, in French, whatever the shape of the recorded decision (which travels as decision.json too).

const OUTCOME_FR: Record<OrientationOutcome, string> = {
  territorial_service: 'Service territorialement compétent (police ou gendarmerie)',
  central_office: 'Office central',
  interpol: 'Interpol',
  europol: 'Europol',
  foreign_platform: 'Plateforme étrangère',
  host_notice: 'Notification à l’hébergeur pour retrait',
  administrative_removal: 'Retrait administratif',
  administrative_blocking: 'Blocage administratif',
  administrative_dereferencing: 'Déréférencement administratif',
  close_no_offence: 'Clôture : pas d’infraction',
  close_out_of_scope: 'Clôture : hors champ de compétence',
  close_duplicate: 'Clôture : doublon',
};
const VERIFICATION_FR = { present: 'contenu présent', removed: 'contenu retiré', inaccessible: 'contenu inaccessible' } as const;
const PRESERVATION_FR = { sent: 'envoyée', acknowledged: 'accusée de réception', refused: 'refusée', expired: 'expirée' } as const;

export function outcomeLabel(o: OrientationOutcome): string {
  return OUTCOME_FR[o];
}

/** Who the package goes to: the directory's name of the service, or the kind of outcome. */
export function recipientOf(d: Decision, service: (id: string) => ServiceEntry | null): string {
  const o = d.orientation;
  if (!o) return 'destinataire non précisé';
  const s = o.serviceId ? service(o.serviceId) : null;
  return s ? s.name : outcomeLabel(o.outcome);
}

export function decisionSections(d: Decision, service: (id: string) => ServiceEntry | null): SummarySection[] {
  const out: SummarySection[] = [];
  const v = d.verification;
  if (v) {
    const captures = v.captureIds.length > 0 ? ` — captures : ${v.captureIds.join(', ')}` : '';
    out.push({ heading: 'Vérification du contenu', lines: [`${VERIFICATION_FR[v.outcome]} (${v.by}, ${v.at})${captures}`, ...(v.comment ? [v.comment] : [])] });
  }
  const q = d.qualification;
  if (q) {
    const lines =
      q.kind === 'offences'
        ? q.offences.map((o) => `${o.natinf ? `NATINF ${o.natinf} — ` : ''}${o.label}`)
        : [`${q.kind === 'no_offence' ? 'Pas d’infraction' : 'Hors champ'} : ${q.reason}`];
    out.push({ heading: 'Qualification juridique', lines: [...lines, `(qualifié par ${q.by}, ${q.at})`] });
  }
  if (d.preservations.length > 0) {
    out.push({
      heading: 'Mesures conservatoires',
      lines: d.preservations.map((p) => `Demande de conservation (${PRESERVATION_CHANNEL_FR[p.channel]}) à ${p.host.name}${p.host.country ? ` (${p.host.country})` : ''}, ${p.durationDays} jours, ${p.at} : ${PRESERVATION_FR[p.status]}${p.note ? ` — ${p.note}` : ''}`),
    });
  }
  const o = d.orientation;
  if (o) {
    out.push({
      heading: 'Orientation',
      lines: [`${outcomeLabel(o.outcome)} — destinataire : ${recipientOf(d, service)} — urgence : ${o.urgency}`, `Justification : ${o.justification}`, `(orienté par ${o.by}, ${o.at})`],
    });
  }
  if (d.proposal || d.review) {
    const lines = [
      ...(d.proposal ? [`Proposée par ${d.proposal.by} le ${d.proposal.at}`] : []),
      ...(d.review ? [`${d.review.verdict === 'approved' ? 'Validée' : 'Renvoyée'} par ${d.review.by} le ${d.review.at}${d.review.comment ? ` : ${d.review.comment}` : ''}`] : []),
    ];
    out.push({ heading: 'Validation (règle des quatre yeux)', lines });
  }
  if (d.comments.length > 0) out.push({ heading: 'Échanges', lines: d.comments.map((c) => `${c.at} — ${c.by} : ${c.text}`) });
  return out;
}
