// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Report } from '@shared';
import { fakeReports } from '../../src/renderer/dev/fake-data';
import { renderApp } from './helpers';

afterEach(cleanup);

const MIN = 60_000;
/** Three reports at the top of the queue: held by bob (live), held by bob (lease over), held by me. */
function reports(): Report[] {
  const [a, b, c, ...rest] = fakeReports(10).map((r) => ({ ...r, status: 'received' as const, claimedBy: null, leaseUntil: null, priority: 1 }));
  const claim = (r: Report, who: string, untilMs: number, priority: number): Report => ({ ...r, status: 'in_progress', claimedBy: who, leaseUntil: new Date(Date.now() + untilMs).toISOString(), priority });
  return [claim(a!, 'bob', 20 * MIN, 5), claim(b!, 'bob', -5 * MIN, 4), claim(c!, 'analyste', 25 * MIN, 3), ...rest];
}

describe('claims and leases on screen', () => {
  it('the queue shows who holds each claim and until when, and an expired lease as reclaimable', async () => {
    const list = reports();
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: list });
    await screen.findAllByTestId('queue-row');
    const cell = (r: Report) => screen.getAllByTestId('queue-row').find((row) => row.getAttribute('data-id') === r.id)?.querySelector('[data-testid="queue-claim"]');
    expect(cell(list[0]!)?.getAttribute('data-claim')).toBe('live');
    expect(cell(list[0]!)?.textContent).toMatch(/^bob · jusqu’à \d\d:\d\d$/);
    expect(cell(list[1]!)?.getAttribute('data-claim')).toBe('expired');
    expect(cell(list[1]!)?.textContent).toBe('bob · bail expiré, reprenable');
  });

  it('someone else’s live claim: who and until when, nothing to do; an expired one can be taken back', async () => {
    const list = reports();
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: list });
    const rows = await screen.findAllByTestId('queue-row');
    fireEvent.click(rows.find((r) => r.getAttribute('data-id') === list[0]!.id)!);
    expect((await screen.findByTestId('report-held-by')).textContent).toContain('Pris en charge par bob jusqu’au');
    expect(screen.queryByTestId('report-renew')).toBeNull();
    expect(screen.queryByTestId('report-reclaim')).toBeNull();

    fireEvent.click(rows.find((r) => r.getAttribute('data-id') === list[1]!.id)!);
    await waitFor(() => expect(screen.getByTestId('report-claim-state').textContent).toContain('bail expiré'));
    fireEvent.click(screen.getByTestId('report-reclaim'));
    await waitFor(() => expect(screen.queryByTestId('report-renew')).not.toBeNull());
    expect(fake.calls.filter((c) => c.method === 'report.claim')).toEqual([{ method: 'report.claim', input: { id: list[1]!.id } }]);
  });

  it('tells the workstation which report is open, so that its claim is kept while the officer works', async () => {
    const list = reports();
    const { fake, stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: list });
    const rows = await screen.findAllByTestId('queue-row');
    fireEvent.click(rows.find((r) => r.getAttribute('data-id') === list[2]!.id)!);
    await screen.findByTestId('report-renew');
    stores.report.getState().close();
    const focus = fake.calls.filter((c) => c.method === 'report.focus').map((c) => c.input);
    expect(focus).toEqual([{ id: list[2]!.id }, { id: null }]);
  });
});
