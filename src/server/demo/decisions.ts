import {
  BUILTIN_BY_CATEGORY,
  EMPTY_DECISION,
  suggestService,
  toOffenceRef,
  type Category,
  type Decision,
  type Orientation,
  type Qualification,
  type ReportStatus,
  type ServiceEntry,
} from '@shared';

/**
 * The decisions of the demo's worked reports. A seeded proposal (and every decided or transmitted report,
 * which went through one) carries what the workflow demands before review — a content check with its
 * reason, a qualification naming real offences of the built-in catalog (or "no offence" with a reason),
 * an orientation to a service of the directory — written by the analyst who holds it, so the demo's
 * supervisor may review it (four-eyes) and the screens show a real case, never an empty "Décidé".
 */
export const WORKED_STATUSES: readonly ReportStatus[] = ['decision_proposed', 'decided', 'transmitted'];

export type DemoDecisionInput = {
  /** Position in the seed: picks the variant deterministically. */
  index: number;
  category: Category;
  status: ReportStatus;
  analyst: string;
  supervisor: string;
  receivedAt: string;
  /** The directory the orientation must point into. */
  services: readonly ServiceEntry[];
};

/** Minutes after receipt at which each step was done (claim at 30, as the seeded history says). */
export const STEP_MINUTES = { verify: 45, qualify: 60, orient: 75, propose: 90, approve: 150 } as const;

/** One report in six is closed for "no offence": the other legitimate path to review. */
const isLawful = (index: number): boolean => index % 6 === 5;

export function demoDecision(p: DemoDecisionInput): Decision | null {
  if (!WORKED_STATUSES.includes(p.status)) return null;
  const at = (m: number) => new Date(Date.parse(p.receivedAt) + m * 60_000).toISOString();
  const by = p.analyst;
  const lawful = isLawful(p.index);
  const qualification: Qualification = lawful
    ? { kind: 'no_offence', reason: 'Propos choquants mais qui ne caractérisent aucune infraction pénale.', by, at: at(STEP_MINUTES.qualify) }
    : { kind: 'offences', offences: [toOffenceRef(firstOffence(p.category))], by, at: at(STEP_MINUTES.qualify) };
  const orientation: Orientation = lawful
    ? { ...closure(), by, at: at(STEP_MINUTES.orient) }
    : { ...transmission(p.category, p.services), by, at: at(STEP_MINUTES.orient) };
  return {
    ...EMPTY_DECISION,
    verification: { outcome: 'present', captureIds: [], comment: 'Contenu constaté en ligne à l’adresse signalée.', by, at: at(STEP_MINUTES.verify) },
    qualification,
    orientation,
    proposal: { by, at: at(STEP_MINUTES.propose) },
    review: p.status === 'decision_proposed' ? null : { verdict: 'approved', by: p.supervisor, at: at(STEP_MINUTES.approve), comment: null },
  };
}

function firstOffence(category: Category) {
  const [offence] = BUILTIN_BY_CATEGORY[category];
  if (!offence) throw new Error(`demo seed: no built-in offence for ${category}`);
  return offence;
}

const closure = (): Omit<Orientation, 'by' | 'at'> => ({
  outcome: 'close_no_offence', serviceId: null, justification: 'Aucune infraction caractérisée : classement du signalement.', urgency: 'normal', attachments: [], duplicateOf: null,
});

/** The central office competent for the category, else the territorial service of the Rhône (69). */
function transmission(category: Category, services: readonly ServiceEntry[]): Omit<Orientation, 'by' | 'at'> {
  const office = suggestService(services, { outcome: 'central_office', category, departement: null, hostCountry: null });
  const local = office ? null : suggestService(services, { outcome: 'territorial_service', category, departement: '69', hostCountry: null });
  const service = office ?? local;
  if (!service) throw new Error(`demo seed: no service of the directory for ${category}`);
  const urgency = category === 'terrorism' || category === 'child_sexual_abuse' ? 'urgent' : 'normal';
  return {
    outcome: office ? 'central_office' : 'territorial_service', serviceId: service.id,
    justification: `Faits relevant de la compétence de ce service : ${service.name}.`, urgency, attachments: [], duplicateOf: null,
  };
}
