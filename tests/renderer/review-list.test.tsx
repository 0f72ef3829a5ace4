// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { EMPTY_DECISION, type Decision, type Report, type Urgency } from '@shared';
import { fakeReports } from '../../src/renderer/dev/fake-data';
import { renderApp } from './helpers';

// The supervisor's review list and detail: who proposed, the outcome in words, urgency and waiting
// time, sorted and filtered, j/k through the list as shown; an incomplete proposal cannot be approved.

afterEach(cleanup);

const HOUR = 3600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

function proposal(by: string, hours: number, urgency: Urgency, complete = true): Decision {
  const at = ago(hours);
  return {
    ...EMPTY_DECISION,
    verification: complete ? { outcome: 'present', captureIds: [], comment: null, by, at } : null,
    qualification: complete
      ? { kind: 'offences', offences: [{ id: 'cp-421-2-5-apologie', natinf: null, label: 'Apologie publique d’un acte de terrorisme' }, { id: 'natinf-30736', natinf: '30736', label: 'Provocation directe à un acte de terrorisme' }], by, at }
      : null,
    orientation: { outcome: urgency === 'immediate' ? 'administrative_removal' : 'central_office', serviceId: 'sdat', justification: 'Compétence nationale de la SDAT.', urgency, attachments: [], duplicateOf: null, by, at },
    proposal: { by, at },
  };
}

/** Three proposals: waiting 30 h (normal), 5 h (immediate), 10 h (urgent, incomplete); then waiting reports. */
function reports(): Report[] {
  const base = fakeReports(6, 3);
  const d = [proposal('a.martin', 30, 'normal'), proposal('analyste', 5, 'immediate'), proposal('b.durand', 10, 'urgent', false)];
  return base.map((r, i) => (i < 3 ? { ...r, category: 'terrorism', status: 'decision_proposed', claimedBy: d[i]!.proposal!.by, leaseUntil: null, decision: d[i]! } : r));
}

const refs = () => screen.getAllByTestId('review-item').map((e) => e.getAttribute('data-reference'));
const key = (k: string) => fireEvent.keyDown(document.body, { key: k });

describe('review list', () => {
  it('shows who proposed, the outcome in words, urgency and waiting time; sorts, filters, and j/k follow the list shown', async () => {
    const rs = reports();
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, account: 'superviseur', reports: rs });
    fireEvent.click(await screen.findByTestId('tab-review'));
    await waitFor(() => expect(screen.getAllByTestId('review-item-urgency')).toHaveLength(3));
    // Longest waiting first.
    expect(refs()).toEqual([rs[0]!.reference, rs[2]!.reference, rs[1]!.reference]);
    const first = within(screen.getAllByTestId('review-item')[0]!);
    expect(first.getByTestId('review-item-outcome').textContent).toBe('Office central');
    expect(first.getByTestId('review-item-urgency').textContent).toBe('Normale');
    expect(first.getByTestId('review-item-wait').textContent).toBe('en attente depuis 1\u202fj');
    expect(first.getByTestId('review-item-by').textContent).toBe('Proposée par a.martin');
    const byAnalyst = within(screen.getAllByTestId('review-item')[2]!);
    expect(byAnalyst.getByTestId('review-item-wait').textContent).toBe('en attente depuis 5\u202fh');
    expect(screen.getAllByTestId('review-item')[1]!.textContent).toContain('incomplète');

    fireEvent.change(screen.getByTestId('review-sort'), { target: { value: 'urgency' } });
    expect(refs()).toEqual([rs[1]!.reference, rs[2]!.reference, rs[0]!.reference]);
    key('j');
    await waitFor(() => expect(screen.getByTestId('report-reference').textContent).toBe(rs[1]!.reference));
    key('j');
    await waitFor(() => expect(screen.getByTestId('report-reference').textContent).toBe(rs[2]!.reference));
    // The list scrolls, so it takes the focus; arrows move like j/k and the selection is its active option.
    const list = screen.getByTestId('review-items');
    expect(list.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    await waitFor(() => expect(screen.getByTestId('report-reference').textContent).toBe(rs[1]!.reference));
    expect(list.getAttribute('aria-activedescendant')).toBe(`review-option-${rs[1]!.id}`);

    fireEvent.change(screen.getByTestId('review-filter-urgency'), { target: { value: 'normal' } });
    expect(refs()).toEqual([rs[0]!.reference]);
    expect(screen.getByTestId('review-count').textContent).toBe('1 proposition affichée sur 3');
    fireEvent.change(screen.getByTestId('review-filter-urgency'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('review-filter-incomplete'));
    expect(refs()).toEqual([rs[2]!.reference]);
    fireEvent.click(screen.getByTestId('review-filter-incomplete'));
    fireEvent.change(screen.getByTestId('review-filter-outcome'), { target: { value: 'administrative_removal' } });
    expect(refs()).toEqual([rs[1]!.reference]);
    expect(screen.getByTestId('review-count').textContent).toBe('1 proposition affichée sur 3');
  });

  it('details the offences with article and NATINF code, and refuses to approve an incomplete proposal, saying why', async () => {
    const rs = reports();
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, account: 'superviseur', reports: rs });
    fireEvent.click(await screen.findByTestId('tab-review'));
    const items = await screen.findAllByTestId('review-item');
    fireEvent.click(items.find((i) => i.getAttribute('data-reference') === rs[0]!.reference)!);
    await waitFor(() => expect(screen.getAllByTestId('proposal-offence')).toHaveLength(2));
    const offences = screen.getAllByTestId('proposal-offence').map((e) => e.textContent);
    // The built-in offence carries its defining article, the NATINF one its code.
    expect(offences[0]).toMatch(/sans NATINF · .*421-2-5/);
    expect(offences[1]).toContain('NATINF 30736');
    expect(screen.getByTestId('proposal-orientation').textContent).toBe('Office central');
    expect(screen.getByTestId('review-approve')).toHaveProperty('disabled', false);

    fireEvent.click(items.find((i) => i.getAttribute('data-reference') === rs[2]!.reference)!);
    await screen.findByTestId('proposal-incomplete');
    expect(screen.getByTestId('proposal-incomplete').textContent).toBe('Proposition incomplète : il manque la vérification, la qualification.');
    const approve = screen.getByTestId('review-approve');
    expect(approve).toHaveProperty('disabled', true);
    expect(approve.getAttribute('title')).toContain('Validation impossible');
    expect(document.getElementById(approve.getAttribute('aria-describedby') ?? '')?.textContent).toContain('il manque la vérification, la qualification');
    fireEvent.click(approve);
    expect(fake.calls.filter((c) => c.method === 'report.approve')).toHaveLength(0);
  });
});
