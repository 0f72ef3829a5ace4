import { nextStatus } from '../domain/state-machine';
import type { ReportStatus } from '../domain/state-machine';
import type { Actor, ArgsOf, PlanResult, PlannedEvent, ReportState } from '../sync/mutations';
import { accept, holds, refuse } from '../sync/plan-kit';
import { nextPreservationStatusAllowed, MAX_PRESERVATIONS, PRESERVATION_CHANNEL_FR } from './conservation';
import { EMPTY_DECISION, isClosing, type Decision } from './decision';

/**
 * Planning of conservatory measures and of the transmission (pure, like every planning function). A
 * preservation request is made while the report is worked on or after it was decided (the host may
 * answer weeks later); a transmission only once the case is decided, four-eyes review included.
 */
const decisionOf = (r: ReportState): Decision => r.decision ?? EMPTY_DECISION;
const ev = (r: ReportState, who: Actor, action: string, detail: string, to: ReportStatus = r.status): PlannedEvent => ({
  action, actor: who.username, fromStatus: r.status, toStatus: to, detail,
});
const FOLLOW_UP: readonly ReportStatus[] = ['decision_proposed', 'returned', 'decided', 'transmitted'];

/**
 * Who may record or follow up a preservation request now: the officer holding the report, or any officer
 * once it is proposed or decided (the host may answer weeks later). The workstation offers the form on
 * the same rule the planning enforces.
 */
export function mayPreserve(r: ReportState, who: Actor, now: Date): boolean {
  return holds(r, who, now) || FOLLOW_UP.includes(r.status);
}

export function planRequestPreservation(r: ReportState, who: Actor, now: Date, a: ArgsOf<'requestPreservation'>): PlanResult {
  if (!mayPreserve(r, who, now)) return refuse('conflict', 'Demande de conservation refusée : prenez d’abord le signalement en charge.');
  const d = decisionOf(r);
  if (d.preservations.some((p) => p.requestId === a.requestId)) return refuse('conflict', 'Cette demande de conservation est déjà enregistrée.');
  if (d.preservations.length >= MAX_PRESERVATIONS) return refuse('validation', 'Trop de demandes de conservation sur ce signalement.');
  if (a.channel === 'host_fr' && a.host.country !== null && a.host.country !== 'FR') {
    return refuse('validation', 'Un hébergeur établi hors de France est saisi par le réseau G8/H24.');
  }
  const at = now.toISOString();
  const preservation = { ...a, status: 'sent' as const, note: null, by: who.username, at, updatedBy: who.username, updatedAt: at };
  const { reportId: _r, ...stored } = preservation;
  const detail = `${PRESERVATION_CHANNEL_FR[a.channel]} → ${a.host.name}${a.host.country ? ` (${a.host.country})` : ''}, ${a.durationDays} jours`;
  return accept(r, [ev(r, who, 'preserve', detail)], { decision: { ...d, preservations: [...d.preservations, stored] } });
}

export function planPreservationStatus(r: ReportState, who: Actor, now: Date, a: ArgsOf<'setPreservationStatus'>): PlanResult {
  if (!mayPreserve(r, who, now)) return refuse('conflict', 'Mise à jour refusée : prenez d’abord le signalement en charge.');
  const d = decisionOf(r);
  const current = d.preservations.find((p) => p.requestId === a.requestId);
  if (!current) return refuse('not_found', 'Demande de conservation inconnue sur ce signalement.');
  if (!nextPreservationStatusAllowed(current.status, a.status)) {
    return refuse('conflict', `Demande de conservation déjà au statut « ${current.status} » : « ${a.status} » impossible.`);
  }
  const at = now.toISOString();
  const preservations = d.preservations.map((p) => (p.requestId === a.requestId ? { ...p, status: a.status, note: a.note ?? null, updatedBy: who.username, updatedAt: at } : p));
  return accept(r, [ev(r, who, 'preservation_status', `${current.host.name} : ${a.status}${a.note ? ` — ${a.note}` : ''}`)], { decision: { ...d, preservations } });
}

export function planTransmit(r: ReportState, who: Actor, now: Date, a: ArgsOf<'transmit'>): PlanResult {
  const to = nextStatus(r.status, 'transmit');
  if (!to) return refuse('conflict', `Transmission impossible : le signalement n’est pas décidé (statut ${r.status}).`);
  const d = decisionOf(r);
  if (d.review?.verdict !== 'approved') return refuse('conflict', 'Transmission impossible : la décision n’a pas été validée par un superviseur.');
  if (!d.orientation || isClosing(d.orientation.outcome)) return refuse('validation', 'Transmission impossible : le signalement est clôturé, il n’a pas de destinataire.');
  const transmission = { packageSha256: a.packageSha256, recipient: a.recipient, by: who.username, at: now.toISOString() };
  return accept(r, [ev(r, who, 'transmit', `${a.recipient} — paquet SHA-256 ${a.packageSha256}`, to)], { status: to, decision: { ...d, transmission } });
}
