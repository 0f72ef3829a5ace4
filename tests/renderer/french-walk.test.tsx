// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import {
  CAPTURE_STATES, CATEGORIES, COMMENT_KINDS, COMPETING_RESOLUTIONS, EMPTY_DECISION, ERROR_KINDS, MUTATION_NAMES, OFFENCE_NATURES, ORIENTATION_OUTCOMES,
  PRESERVATION_CHANNELS, PRESERVATION_STATUSES, REPORT_ACTIONS, REPORT_STATUSES, ROLES, SCREENING_CASES, SERVICE_KINDS, SOURCES, URGENCIES,
  VERIFICATION_OUTCOMES, type CompetingDecision, type Report,
} from '@shared';
import { DECISION_STEPS } from '@shared/workflow/completeness';
import { fakeReports } from '../../src/renderer/dev/fake-data';
import { fr } from '../../src/renderer/i18n';
import { renderApp } from './helpers';

// Walks every screen of the workstation over the fake workstation, in French, and fails on any code of
// the shared enums (statuses, outcomes, urgencies, actions, mutation names…) or any ISO timestamp in
// what the officer reads: the text, and the titles, labels and placeholders of the controls.

afterEach(cleanup);

/** Codes that are also ordinary French words (or proper names the catalogue writes the same way). */
const FRENCH_WORDS = new Set(['public', 'normal', 'urgent', 'crime', 'capture', 'note', 'orientation', 'qualification', 'interpol', 'europol', 'contravention', 'comment', 'propose', 'expire', 'validation', 'conflict', 'other', 'state', 'orient', 'inaccessible']);
const CODES = [
  ...new Set([
    ...CATEGORIES, ...SOURCES, ...REPORT_STATUSES, ...REPORT_ACTIONS, ...ROLES, ...VERIFICATION_OUTCOMES, ...SCREENING_CASES, ...ORIENTATION_OUTCOMES,
    ...URGENCIES, ...COMMENT_KINDS, ...PRESERVATION_STATUSES, ...PRESERVATION_CHANNELS, ...CAPTURE_STATES, ...OFFENCE_NATURES, ...SERVICE_KINDS,
    ...ERROR_KINDS, ...MUTATION_NAMES, ...COMPETING_RESOLUTIONS, ...DECISION_STEPS,
  ]),
].filter((c) => !FRENCH_WORDS.has(c));
// Whole words only, and never inside an address or a file name (a/b/failed.html is not a code shown).
const CODE = new RegExp(`(?<![\\p{L}\\p{N}_/.:@-])(${CODES.join('|')})(?![\\p{L}\\p{N}_/.@-])`, 'u');
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** What the officer reads now: visible text plus the titles, labels and placeholders of controls. */
function shownText(): string {
  const attributes = Array.from(document.body.querySelectorAll('[title], [aria-label], [placeholder]')).flatMap((e) =>
    ['title', 'aria-label', 'placeholder'].map((a) => e.getAttribute(a) ?? ''),
  );
  // Text node by text node: textContent would glue "Martin" and "central_office" into one word.
  const texts: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n.textContent ?? '');
  return [...texts, ...attributes].join('\n');
}

function expectFrench(screenName: string): void {
  const text = shownText();
  const code = CODE.exec(text);
  const iso = ISO.exec(text);
  const around = (m: RegExpExecArray | null) => (m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : '');
  expect(code?.[0] ?? null, `${screenName}: code « ${code?.[0]} » dans « ${around(code)} »`).toBeNull();
  expect(iso?.[0] ?? null, `${screenName}: horodatage ISO dans « ${around(iso)} »`).toBeNull();
  // One apostrophe in French: the typographic one (’), never the typewriter one between two letters.
  const straight = /\p{L}'\p{L}/u.exec(text);
  expect(straight?.[0] ?? null, `${screenName}: apostrophe droite dans « ${around(straight)} »`).toBeNull();
}

const AT = '2026-11-22T09:00:00.000Z';
/** A report worked through every step, with the audit details the shared plan writes. */
function worked(base: Report, status: Report['status'], by: string): Report {
  return {
    ...base,
    status,
    claimedBy: by,
    leaseUntil: status === 'in_progress' ? new Date(Date.now() + 3600_000).toISOString() : null,
    captures: [{ captureId: '7b0f7c52-3f1e-4a55-9c2a-6f3c1c9b2d11', url: base.urls[0] ?? '', finalUrl: null, state: 'failed', reason: 'échec de la navigation', startedAt: AT, endedAt: AT, operator: by, recordedBy: by, uploadedAt: null } as never],
    events: [
      ...base.events,
      { id: `${base.id}-v`, at: AT, actor: by, action: 'verify', fromStatus: 'in_progress', toStatus: 'in_progress', detail: 'present — page en ligne [captures : 7b0f7c52]' },
      { id: `${base.id}-o`, at: AT, actor: by, action: 'orient', fromStatus: 'in_progress', toStatus: 'in_progress', detail: 'central_office → sdat (urgent)' },
      { id: `${base.id}-c`, at: AT, actor: by, action: 'capture', fromStatus: 'in_progress', toStatus: 'in_progress', detail: 'failed — https://exemple.fr/page' },
      { id: `${base.id}-p`, at: AT, actor: 'superviseur', action: 'preservation_status', fromStatus: 'in_progress', toStatus: 'in_progress', detail: 'Hébergeur : acknowledged' },
    ],
    decision: {
      ...EMPTY_DECISION,
      verification: { outcome: 'present', captureIds: ['7b0f7c52-3f1e-4a55-9c2a-6f3c1c9b2d11'], comment: null, by, at: AT },
      qualification: { kind: 'offences', offences: [{ id: 'natinf-30736', natinf: '30736', label: 'Provocation directe à un acte de terrorisme' }], by, at: AT },
      orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale de la SDAT.', urgency: 'urgent', attachments: [], duplicateOf: null, by, at: AT },
      proposal: status === 'in_progress' ? null : { by, at: AT },
      comments: [{ kind: 'comment', by: 'superviseur', at: AT, text: 'Vu.' }],
    },
  };
}

function reports(): Report[] {
  const base = fakeReports(6, 7);
  return [
    worked(base[0]!, 'in_progress', 'analyste'),
    worked(base[1]!, 'decision_proposed', 'a.martin'),
    { ...worked(base[2]!, 'decision_proposed', 'a.martin'), decision: { ...EMPTY_DECISION, proposal: { by: 'a.martin', at: AT } } },
    {
      ...worked(base[3]!, 'transmitted', 'a.martin'),
      decision: { ...worked(base[3]!, 'transmitted', 'a.martin').decision!, review: { verdict: 'approved', by: 'superviseur', at: AT, comment: null }, transmission: { packageSha256: 'a'.repeat(64), recipient: 'SDAT', by: 'analyste', at: AT } },
    },
    ...base.slice(4),
  ];
}

const competing: CompetingDecision = {
  id: '6a4f8a52-0c8e-4d3c-9f3e-2b8a2d7c1e01', reportId: '0b7e3c1a-1d2f-4a3b-8c4d-5e6f7a8b9c0d', reference: 'PHR-2026-0000001', reportStatus: 'in_progress', baseVersion: 10, currentVersion: 12,
  applied: { actor: 'ana', name: 'orient', args: { reportId: 'x', baseVersion: 10, orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale.', urgency: 'urgent', attachments: [], duplicateOf: null } }, recordedAt: AT, processedAt: AT },
  competing: { actor: 'bob', name: 'comment', args: { reportId: 'x', text: 'à revoir' }, recordedAt: AT, processedAt: AT },
};

describe('French throughout: no code and no ISO time on any screen', () => {
  it('every change a workstation can record has its name in the catalogue', () => {
    for (const name of MUTATION_NAMES) expect(fr.screens.mutation[name], name).toBeTruthy();
  });

  it('first run: vault, enrolment, login', async () => {
    renderApp({ vault: 'uninitialised', reports: 0 });
    await screen.findByTestId('vault-passphrase');
    expectFrench('création du coffre');
    cleanup();
    renderApp({ vault: 'locked', enrolled: true, reports: 0 });
    await screen.findByTestId('vault-passphrase');
    expectFrench('déverrouillage');
    cleanup();
    renderApp({ vault: 'unlocked', enrolled: false, reports: 0 });
    await screen.findByTestId('enrol-server-url');
    expectFrench('enrôlement');
    cleanup();
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: false, reports: 0 });
    await screen.findByTestId('login-username');
    expectFrench('connexion');
  });

  it('the analyst: queue, a report worked through every step, the help', async () => {
    const { stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: reports(), captureSteps: 1 });
    await screen.findAllByTestId('queue-row');
    expectFrench('file');
    const first = reports()[0]!;
    await stores.report.getState().open(first.id);
    await screen.findByTestId('report-history');
    await waitFor(() => expect(screen.getAllByTestId('report-event').length).toBeGreaterThan(4));
    expectFrench('signalement ouvert');
    fireEvent.click(screen.getByTestId('capture-start'));
    await waitFor(() => expect(screen.getByTestId('capture').getAttribute('data-state')).toBe('complete'));
    expectFrench('signalement avec sa capture');
    await stores.report.getState().open(reports()[3]!.id);
    await screen.findByTestId('transmission-done');
    expectFrench('dossier transmis');
    fireEvent.keyDown(document.body, { key: '?' });
    await screen.findByTestId('help-overlay');
    expectFrench('aide');
  });

  it('the supervisor: review list, a complete and an empty proposal, competing decisions', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, account: 'superviseur', reports: reports(), competing: [competing] });
    await screen.findByTestId('competing-summary');
    expectFrench('décisions concurrentes');
    fireEvent.click(await screen.findByTestId('tab-review'));
    const items = await screen.findAllByTestId('review-item');
    await waitFor(() => expect(screen.getAllByTestId('review-item-outcome').map((e) => e.textContent)).not.toContain('Chargement…'));
    expectFrench('liste de revue');
    const item = (r: Report) => items.find((i) => i.getAttribute('data-reference') === r.reference)!;
    fireEvent.click(item(reports()[1]!));
    await screen.findByTestId('proposal-view');
    await waitFor(() => expect(screen.getByTestId('proposal-qualification').textContent).toContain('NATINF 30736'));
    expectFrench('proposition complète');
    fireEvent.click(item(reports()[2]!));
    await screen.findByTestId('proposal-incomplete');
    expectFrench('proposition vide');
  });
});
