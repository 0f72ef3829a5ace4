// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { EMPTY_DECISION, SCREENING_REDIRECTIONS, type Report } from '@shared';
import { fakeReports } from '../../src/renderer/dev/fake-data';
import { triageCommand } from '../../src/renderer/features/decision/shortcuts';
import { renderApp } from './helpers';

afterEach(cleanup);

/** A handful of waiting reports, the first one in terrorism with a reporter in Lyon. */
function waiting(): Report[] {
  return fakeReports(6).map((r, i) => ({
    ...r, status: 'received', claimedBy: null, leaseUntil: null,
    ...(i === 0 ? { category: 'terrorism' as const, priority: 100, reporter: { name: 'Camille Dupont', postcode: '69003' } } : { priority: 10 }),
  }));
}

const key = (k: string) => fireEvent.keyDown(document.body, { key: k });
const status = () => screen.getByTestId('report-status').getAttribute('data-status');

async function openFirst(): Promise<void> {
  const rows = await screen.findAllByTestId('queue-row');
  fireEvent.click(rows[0]!);
  await screen.findByTestId('decision-workspace');
  (document.activeElement as HTMLElement | null)?.blur();
}

describe('decision workspace', () => {
  it('claims, qualifies, orients to the suggested service and submits for review, from the keyboard where it can', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: waiting() });
    await openFirst();
    expect(screen.getByTestId('qualification-save')).toHaveProperty('disabled', true);
    key('c');
    await waitFor(() => expect(status()).toBe('in_progress'));
    key('q');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('qualification-kind'));
    fireEvent.change(screen.getByTestId('offence-label'), { target: { value: 'Provocation directe à des actes de terrorisme (art. 421-2-5 C. pén.)' } });
    fireEvent.click(screen.getByTestId('offence-add'));
    expect(within(screen.getByTestId('qualification-offences')).getAllByTestId('offence-chosen').map((e) => e.textContent).join(' ')).toMatch(/421-2-5/);
    fireEvent.click(screen.getByTestId('qualification-save'));
    await screen.findByTestId('decision-saved');
    // Département from the reporter's postcode: the Rhône's service is suggested and pre-selected.
    await waitFor(() => expect(screen.getByTestId('orientation-suggestion').textContent).toContain('Rhône'));
    expect((screen.getByTestId('orientation-service') as HTMLSelectElement).value).toBe('police-69');
    // The action bar says what is still missing; the submit button is disabled and says why.
    expect(screen.getByTestId('proposal-problem').textContent).toBe('Il manque encore : la vérification, l’orientation.');
    expect(screen.getByTestId('steps-progress').textContent).toBe('Étapes : 1 sur 3');
    const submit = screen.getByTestId('proposal-submit');
    expect(submit).toHaveProperty('disabled', true);
    expect(submit.getAttribute('title')).toContain('la vérification, l’orientation');
    expect(document.getElementById(submit.getAttribute('aria-describedby') ?? '')?.textContent).toContain('la vérification, l’orientation');
    fireEvent.change(screen.getByTestId('orientation-justification'), { target: { value: 'Déclarant domicilié dans le Rhône, auteur localisé.' } });
    fireEvent.click(screen.getByTestId('orientation-save'));
    await waitFor(() => expect(screen.getByTestId('proposal-problem').textContent).toBe('Il manque encore : la vérification.'));
    // `s` with something missing is never silent: it says what is missing.
    (document.activeElement as HTMLElement | null)?.blur();
    key('s');
    expect((await screen.findByTestId('submit-missing')).textContent).toBe('Il manque encore : la vérification.');
    expect(status()).toBe('in_progress');
    fireEvent.click(screen.getByTestId('verification-save'));
    await waitFor(() => expect(screen.queryByTestId('proposal-problem')).toBeNull());
    expect(screen.getByTestId('steps-progress').textContent).toBe('Étapes : 3 sur 3');
    // Submitting is irreversible: `s` asks first; cancelling changes nothing.
    (document.activeElement as HTMLElement | null)?.blur();
    key('s');
    fireEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(status()).toBe('in_progress');
    (document.activeElement as HTMLElement | null)?.blur();
    key('s');
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(status()).toBe('decision_proposed'));
    expect((await screen.findAllByTestId('toast')).map((e) => e.textContent)).toContain(`Proposition ${fake.reports[0]?.reference} soumise à validation.`);
    expect(screen.getByTestId('proposal-status').textContent).toContain('en attente de validation');
    expect(fake.calls.map((c) => c.method).filter((m) => m.startsWith('report.'))).toEqual(
      expect.arrayContaining(['report.claim', 'report.qualify', 'report.orient', 'report.propose']),
    );
    expect(fake.reports[0]?.decision?.orientation).toMatchObject({ outcome: 'territorial_service', serviceId: 'police-69' });
  });

  it('a failed capture is linked as proof that the content is present only after an explicit confirmation', async () => {
    const failed = { captureId: '7b0f7c52-3f1e-4a55-9c2a-6f3c1c9b2d11', url: 'https://exemple.fr/', finalUrl: null, state: 'failed', reason: 'échec de la navigation', startedAt: '2026-11-22T09:00:00.000Z', endedAt: '2026-11-22T09:00:03.000Z', operator: 'analyste', recordedBy: 'analyste', uploadedAt: null };
    const reports = waiting().map((r, i) => (i === 0 ? ({ ...r, captures: [failed] } as unknown as Report) : r));
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports });
    await openFirst();
    key('c');
    await waitFor(() => expect(status()).toBe('in_progress'));
    const box = within(await screen.findByTestId('verification-captures')).getByTestId('verification-capture');
    fireEvent.click(box);
    const warning = await screen.findByTestId('verification-incomplete');
    expect(warning.textContent).toContain('échouée ou partielle');
    const save = screen.getByTestId('verification-save');
    expect(save).toHaveProperty('disabled', true);
    expect(save.getAttribute('title')).toContain('échouée ou partielle');
    // "Contenu retiré" with the failed capture needs no confirmation: it does not claim the content is there.
    fireEvent.click(within(screen.getByTestId('verification-form')).getByRole('radio', { name: /Contenu retiré/ }));
    expect(screen.queryByTestId('verification-incomplete')).toBeNull();
    fireEvent.click(within(screen.getByTestId('verification-form')).getByRole('radio', { name: /Contenu présent/ }));
    fireEvent.click(screen.getByTestId('verification-accept-incomplete'));
    expect(screen.getByTestId('verification-save')).toHaveProperty('disabled', false);
    fireEvent.click(screen.getByTestId('verification-save'));
    await screen.findByTestId('decision-saved');
    expect(fake.reports[0]?.decision?.verification).toMatchObject({ outcome: 'present', captureIds: [failed.captureId] });
  });

  it('links the verification to captures ticked from the report’s own, with their thumbnail, not typed ids', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: waiting(), captureSteps: 1 });
    await openFirst();
    expect(screen.getByTestId('verification-no-capture').textContent).toMatch(/Aucune capture/);
    key('c');
    await waitFor(() => expect(status()).toBe('in_progress'));
    fireEvent.click(screen.getByTestId('capture-start'));
    await waitFor(() => expect(screen.getByTestId('capture').getAttribute('data-state')).toBe('complete'));
    const list = await screen.findByTestId('verification-captures');
    await waitFor(() => expect(list.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png/));
    const box = within(list).getByTestId('verification-capture') as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(list.textContent).toContain('complète');
    fireEvent.click(box);
    fireEvent.click(within(screen.getByTestId('verification-form')).getByRole('radio', { name: /Contenu présent/ }));
    fireEvent.click(screen.getByTestId('verification-save'));
    await screen.findByTestId('decision-saved');
    const captureId = fake.calls.find((c) => c.method === 'capture.start') ? box.value : '';
    expect(captureId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.reports[0]?.decision?.verification).toMatchObject({ outcome: 'present', captureIds: [captureId] });
    // Saved: shown ticked in the form rebuilt from the report as it now stands.
    await waitFor(() => expect((within(screen.getByTestId('verification-captures')).getByTestId('verification-capture') as HTMLInputElement).checked).toBe(true));
  });

  it('qualifies from the legal catalog: search by article, pick with the keyboard, saved with the catalog id', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: waiting() });
    await openFirst();
    key('c');
    await waitFor(() => expect(status()).toBe('in_progress'));
    const search = await screen.findByTestId('offence-search');
    fireEvent.change(search, { target: { value: '421-2-5' } });
    const options = await screen.findAllByTestId('offence-option');
    expect(options[0]?.textContent).toMatch(/421-2-5/);
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('offence-chosen')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('qualification-save'));
    await screen.findByTestId('decision-saved');
    const q = fake.reports[0]?.decision?.qualification;
    expect(q?.kind === 'offences' ? q.offences[0]?.id : null).toMatch(/^[a-z0-9-]+$/);
  });

  it('offers administrative measures only for terrorism and child sexual abuse', async () => {
    const reports = waiting().map((r, i) => (i === 0 ? { ...r, category: 'scam' as const } : r));
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports });
    await openFirst();
    const options = [...(screen.getByTestId('orientation-outcome') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toContain('interpol');
    expect(options.filter((o) => o.startsWith('administrative_'))).toEqual([]);
  });

  it('closes an out-of-scope report with its standard redirection, after confirmation', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: waiting() });
    await openFirst();
    fireEvent.click(await screen.findByTestId('report-claim'));
    await waitFor(() => expect(status()).toBe('in_progress'));
    fireEvent.click(within(screen.getByTestId('screening-form')).getByLabelText('Urgence'));
    expect(screen.getByTestId('screening-redirection').textContent).toBe(SCREENING_REDIRECTIONS.emergency);
    fireEvent.click(screen.getByTestId('screening-close'));
    expect(status()).toBe('in_progress');
    fireEvent.click(screen.getByTestId('screening-confirm'));
    await waitFor(() => expect(status()).toBe('decided'));
    expect(screen.getByTestId('proposal-status').textContent).toContain('17');
  });

  it('shows the shortcuts with ? and closes the help with Escape', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: waiting() });
    await screen.findAllByTestId('queue-row');
    key('?');
    const help = await screen.findByTestId('help-overlay');
    for (const k of ['j / ↓', 'k / ↑', 'c', 'q', 'o', 's', '?', 'Échap']) expect(within(help).getByText(k)).toBeTruthy();
    expect(help.textContent).toContain('Soumettre à validation');
    fireEvent.keyDown(screen.getByTestId('help-close'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('help-overlay')).toBeNull());
  });
});

describe('triage keys', () => {
  it.each([
    ['c', 'none', 'claim'], ['q', 'none', 'qualify'], ['o', 'button', 'orient'], ['s', 'none', 'submit'], ['?', 'none', 'help'], ['j', 'none', 'next'],
    ['c', 'field', null], ['s', 'search', null], ['q', 'select', null], ['x', 'none', null],
  ] as const)('%s with the focus on %s → %s', (k, focus, cmd) => {
    expect(triageCommand({ key: k, focus, modifier: false })).toBe(cmd);
  });
  it('leaves modified keys to the browser', () => {
    expect(triageCommand({ key: 'c', focus: 'none', modifier: true })).toBeNull();
  });
});

describe('review screen', () => {
  function proposals(): Report[] {
    const at = '2026-03-01T10:00:00.000Z';
    return waiting().map((r, i) =>
      i < 2
        ? {
            ...r, status: 'decision_proposed', claimedBy: i === 0 ? 'a.martin' : 'superviseur', leaseUntil: null,
            decision: {
              ...EMPTY_DECISION,
              verification: { outcome: 'present', captureIds: [], comment: null, by: 'a.martin', at },
              qualification: { kind: 'offences', offences: [{ id: 'x', natinf: null, label: 'Apologie du terrorisme' }], by: 'a.martin', at },
              orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale.', urgency: 'urgent', attachments: [], duplicateOf: null, by: 'a.martin', at },
              proposal: { by: i === 0 ? 'a.martin' : 'superviseur', at },
            },
          }
        : r,
    );
  }

  it('lists proposals, shows one against its report, returns it with a comment, approves another’s and refuses to review one’s own', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, account: 'superviseur', reports: proposals() });
    fireEvent.click(await screen.findByTestId('tab-review'));
    const items = await screen.findAllByTestId('review-item');
    expect(items).toHaveLength(2);
    const mine = items.find((i) => i.getAttribute('data-reference') === fake.reports[1]?.reference);
    fireEvent.click(mine!);
    await screen.findByTestId('review-own');
    expect(screen.queryByTestId('review-approve')).toBeNull();
    const other = items.find((i) => i.getAttribute('data-reference') === fake.reports[0]?.reference);
    fireEvent.click(other!);
    await waitFor(() => expect(screen.getByTestId('proposal-service').textContent).toContain('SDAT'));
    expect(screen.getByTestId('report-reference').textContent).toBe(fake.reports[0]?.reference);
    fireEvent.click(screen.getByTestId('review-return'));
    expect(screen.getByRole('alert').textContent).toContain('commentaire');
    fireEvent.change(screen.getByTestId('review-comment'), { target: { value: 'Préciser le service.' } });
    fireEvent.click(screen.getByTestId('review-return'));
    await waitFor(() => expect(screen.getByTestId('review-outcome').getAttribute('data-status')).toBe('returned'));
    expect(screen.getAllByTestId('thread-comment').map((c) => c.textContent)).toEqual([expect.stringContaining('Préciser le service.')]);
    await waitFor(() => expect(screen.getAllByTestId('review-item')).toHaveLength(1));
  });

  it('approves a proposal: it leaves the list', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, account: 'superviseur', reports: proposals() });
    fireEvent.click(await screen.findByTestId('tab-review'));
    const items = await screen.findAllByTestId('review-item');
    fireEvent.click(items.find((i) => i.getAttribute('data-reference') === fake.reports[0]?.reference)!);
    fireEvent.click(await screen.findByTestId('review-approve'));
    await waitFor(() => expect(screen.getByTestId('review-outcome').getAttribute('data-status')).toBe('decided'));
    expect(fake.reports[0]?.decision?.review).toMatchObject({ verdict: 'approved', by: 'superviseur' });
    await waitFor(() => expect(screen.getAllByTestId('review-item')).toHaveLength(1));
  });

  it('leaves to another supervisor a proposal whose orientation this supervisor wrote (four-eyes on every part)', async () => {
    const reports = proposals().map((r, i) => (i === 0 && r.decision?.orientation ? { ...r, decision: { ...r.decision, orientation: { ...r.decision.orientation, by: 'superviseur' } } } : r));
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, account: 'superviseur', reports });
    fireEvent.click(await screen.findByTestId('tab-review'));
    const items = await screen.findAllByTestId('review-item');
    fireEvent.click(items.find((i) => i.getAttribute('data-reference') === fake.reports[0]?.reference)!);
    expect((await screen.findByTestId('review-own')).textContent).toContain('quatre yeux');
    expect(screen.queryByTestId('review-approve')).toBeNull();
    expect(screen.queryByTestId('review-return')).toBeNull();
  });
});
