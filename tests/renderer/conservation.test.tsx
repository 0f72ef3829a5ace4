// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { EMPTY_DECISION, type Decision, type Report } from '@shared';
import { fakeReports } from '../../src/renderer/dev/fake-data';
import { renderApp } from './helpers';

afterEach(cleanup);

const at = '2026-03-01T10:00:00.000Z';
const approved: Decision = {
  ...EMPTY_DECISION,
  qualification: { kind: 'offences', offences: [{ id: 'cp-313-1', natinf: null, label: 'Escroquerie (art. 313-1 C. pén.)' }], by: 'bob', at },
  orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale.', urgency: 'normal', attachments: [], duplicateOf: null, by: 'bob', at },
  proposal: { by: 'bob', at },
  review: { verdict: 'approved', by: 'chef', at, comment: null },
};

function one(over: Partial<Report>): Report[] {
  return fakeReports(3).map((r, i) => (i === 0 ? { ...r, priority: 100, ...over } : { ...r, priority: 1 }));
}

async function openFirst(): Promise<void> {
  const rows = await screen.findAllByTestId('queue-row');
  fireEvent.click(rows[0]!);
  await screen.findByTestId('conservation-panel');
}

describe('conservatory measures', () => {
  it('records a preservation request for a French host, writes its PDF, then follows the host’s answer', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: one({ status: 'received', claimedBy: null, leaseUntil: null }) });
    await openFirst();
    expect(screen.queryByTestId('preservation-form')).toBeNull();
    fireEvent.click(screen.getByTestId('report-claim'));
    const form = await screen.findByTestId('preservation-form');
    expect(within(form).getByTestId('preservation-submit')).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('preservation-host'), { target: { value: 'Hébergeur Exemple SAS' } });
    fireEvent.click(screen.getByTestId('preservation-submit'));
    await waitFor(() => expect(screen.getByTestId('preservation-status').textContent).toBe('Envoyée'));
    expect(screen.getByTestId('conservation-file').textContent).toMatch(/conservation-.*\.pdf/);
    expect(fake.reports[0]?.decision?.preservations).toMatchObject([{ channel: 'host_fr', host: { name: 'Hébergeur Exemple SAS', country: 'FR' }, durationDays: 90, status: 'sent' }]);
    fireEvent.click(screen.getByTestId('preservation-acknowledged'));
    await waitFor(() => expect(screen.getByTestId('preservation-status').textContent).toBe('Accusé de réception'));
    // Once acknowledged, only the expiry remains.
    expect(screen.queryByTestId('preservation-refused')).toBeNull();
    expect(screen.getByTestId('preservation-expired')).toBeTruthy();
  });

  it('shows the refusal when a French-host request names a foreign country', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: one({ status: 'received', claimedBy: null, leaseUntil: null }) });
    await openFirst();
    fireEvent.click(screen.getByTestId('report-claim'));
    await screen.findByTestId('preservation-form');
    fireEvent.change(screen.getByTestId('preservation-host'), { target: { value: 'Example Hosting Inc.' } });
    fireEvent.change(screen.getByTestId('preservation-country'), { target: { value: 'us' } });
    fireEvent.click(screen.getByTestId('preservation-submit'));
    expect((await screen.findByTestId('conservation-error')).textContent).toContain('G8/H24');
    expect(screen.queryByTestId('preservation-item')).toBeNull();
  });
});

/** Decided reports are out of the default queue: opened directly, as from a search or the review screen. */
async function openDirectly(stores: { report: { getState(): { open(id: string): Promise<void> } } }, id: string): Promise<void> {
  await screen.findByText(/Sélectionnez un signalement/);
  await stores.report.getState().open(id);
  await screen.findByTestId('conservation-panel');
}

describe('transmission', () => {
  it('prepares the signed package of a decided report, shows its hash, then records the transmission', async () => {
    const reports = one({ status: 'decided', claimedBy: 'bob', leaseUntil: null, decision: approved });
    const { fake, stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports });
    await openDirectly(stores, reports[0]!.id);
    expect(screen.getByTestId('transmission-send')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('transmission-prepare'));
    const prepared = await screen.findByTestId('transmission-prepared');
    expect(prepared.textContent).toMatch(/[0-9a-f]{64}/);
    fireEvent.click(screen.getByTestId('transmission-send'));
    // Marking as transmitted is irreversible: it is asked first (nothing recorded until confirmed).
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('définitive');
    expect(fake.reports[0]?.status).toBe('decided');
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('transmission-done').textContent).toContain('Transmis à Service destinataire'));
    expect(fake.reports[0]?.status).toBe('transmitted');
    expect(fake.reports[0]?.decision?.transmission?.packageSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is not offered before the decision', async () => {
    const reports = one({ status: 'decision_proposed', claimedBy: 'bob', leaseUntil: null, decision: { ...approved, review: null } });
    const { stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports });
    await openDirectly(stores, reports[0]!.id);
    expect(screen.queryByTestId('transmission-card')).toBeNull();
  });
});
