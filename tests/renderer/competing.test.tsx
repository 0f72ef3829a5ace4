// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CompetingDecision } from '@shared';
import { renderApp } from './helpers';

afterEach(cleanup);

const decision = (id: string, reference: string): CompetingDecision => ({
  id,
  reportId: '0b7e3c1a-1d2f-4a3b-8c4d-5e6f7a8b9c0d',
  reference,
  reportStatus: 'in_progress',
  baseVersion: 10,
  currentVersion: 12,
  applied: { actor: 'ana', name: 'setVerification', args: { reportId: 'x', baseVersion: 10, outcome: 'present' }, recordedAt: '2026-11-22T09:00:00.000Z', processedAt: '2026-11-22T09:00:01.000Z' },
  competing: { actor: 'bob', name: 'setVerification', args: { reportId: 'x', baseVersion: 10, outcome: 'removed', comment: 'page vide' }, recordedAt: '2026-11-22T08:59:00.000Z', processedAt: '2026-11-22T09:05:00.000Z' },
});
const ONE = '6a4f8a52-0c8e-4d3c-9f3e-2b8a2d7c1e01';
const TWO = '6a4f8a52-0c8e-4d3c-9f3e-2b8a2d7c1e02';

describe('competing decisions (supervisors)', () => {
  it('shows each competing decision beside the applied one, in French, and arbitrates it with a required comment', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, role: 'supervisor', reports: 5, competing: [decision(ONE, 'PHR-2026-0000001'), decision(TWO, 'PHR-2026-0000002')] });
    expect((await screen.findByTestId('competing-summary')).textContent).toBe('2 décisions concurrentes à arbitrer');
    const pair = screen.getAllByTestId('competing-decision')[0]!;
    const inPair = within(pair);
    expect(inPair.getByText('Signalement PHR-2026-0000001')).toBeTruthy();
    expect(inPair.getByTestId('competing-applied-actor').textContent).toBe('ana');
    expect(inPair.getByTestId('competing-applied-content').textContent).toBe('Contenu présent');
    expect(inPair.getByTestId('competing-competing-actor').textContent).toBe('bob');
    expect(inPair.getByTestId('competing-competing-content').textContent).toBe('Contenu retiré — page vide');
    const adopt = inPair.getByTestId('competing-adopt') as HTMLButtonElement;
    expect(adopt.disabled).toBe(true);
    fireEvent.change(inPair.getByLabelText('Motif de l’arbitrage (obligatoire, inscrit à l’historique)'), { target: { value: ' Retrait constaté ' } });
    expect(adopt.disabled).toBe(false);
    fireEvent.click(adopt);
    await waitFor(() => expect(screen.getAllByTestId('competing-decision')).toHaveLength(1));
    expect(fake.calls.filter((c) => c.method === 'competing.resolve').map((c) => c.input)).toEqual([{ id: ONE, resolution: 'adopt_competing', comment: 'Retrait constaté' }]);
    expect(screen.getByTestId('competing-summary').textContent).toBe('1 décision concurrente à arbitrer');
    expect(screen.getByTestId('competing-outcome').textContent).toBe('Décision concurrente adoptée sur PHR-2026-0000001 : le signalement est maintenant « Décidé ».');
  });

  it('says why an arbitration was refused, and keeps the decision listed', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, role: 'supervisor', reports: 5, competing: [decision(TWO, 'PHR-2026-0000002')], refuseArbitration: true });
    const pair = await screen.findByTestId('competing-decision');
    fireEvent.change(within(pair).getByTestId('competing-comment'), { target: { value: 'maintien' } });
    fireEvent.click(within(pair).getByTestId('competing-keep'));
    expect((await screen.findByTestId('competing-error')).textContent).toContain('Arbitrage refusé');
    expect(screen.getAllByTestId('competing-decision')).toHaveLength(1);
  });

  it.each(['analyst', 'admin'] as const)('%s: no arbitration panel', async (role) => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, role, reports: 5, competing: [decision(ONE, 'PHR-2026-0000001')] });
    await screen.findAllByTestId('queue-row');
    expect(screen.queryByTestId('competing-panel')).toBeNull();
  });
});
