// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { SyncStatus } from '@shared';
import { syncDisplayState } from '../../src/renderer/features/sync/store';
import { renderApp } from './helpers';

afterEach(cleanup);

const BASE: SyncStatus = { online: true, syncing: false, lastSyncAt: null, lastError: null, progress: null, pending: 0, reportCount: 0 };

describe('sync status', () => {
  it.each([
    [BASE, 'idle'],
    [{ ...BASE, syncing: true }, 'syncing'],
    [{ ...BASE, online: false }, 'offline'],
    [{ ...BASE, lastError: 'boom' }, 'error'],
    [{ ...BASE, online: false, syncing: true }, 'syncing'],
  ] as const)('%j → %s', (status, expected) => {
    expect(syncDisplayState(status)).toBe(expected);
  });

  it('follows sync.status events: progress x / y, then last sync time; the queue refreshes', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 20 });
    await screen.findAllByTestId('queue-row');
    expect(screen.getByTestId('sync-status').getAttribute('data-state')).toBe('idle');
    expect(screen.getByTestId('sync-last').textContent).toBe('Jamais synchronisé');
    act(() => fake.emit('sync.status', { ...BASE, syncing: true, progress: { done: 40, total: 200 } }));
    expect(screen.getByTestId('sync-status').getAttribute('data-state')).toBe('syncing');
    expect(screen.getByTestId('sync-progress').getAttribute('value')).toBe('40');
    expect(document.body.textContent).toContain('40 / 200');
    const before = fake.calls.filter((c) => c.method === 'queue.page').length;
    act(() => fake.emit('sync.status', { ...BASE, lastSyncAt: '2026-07-14T10:00:00.000Z', pending: 2 }));
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    expect(screen.getByTestId('sync-last').textContent).toBe('Dernière synchro : 14/07/2026 12:00:00');
    expect(document.body.textContent).toContain('2 modifications en attente');
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'queue.page').length).toBeGreaterThan(before));
  });

  it('shows offline and the last error', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5 });
    await screen.findAllByTestId('queue-row');
    act(() => fake.emit('sync.status', { ...BASE, online: false, lastError: 'serveur injoignable' }));
    expect(screen.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    expect(document.body.textContent).toContain('Dernière erreur : serveur injoignable');
  });

  it('"Synchroniser" runs a sync and ends idle with a last sync time', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5 });
    await screen.findAllByTestId('queue-row');
    fireEvent.click(screen.getByTestId('sync-now'));
    await waitFor(() => expect(screen.getByTestId('sync-last').textContent).toMatch(/^Dernière synchro : \d\d\/\d\d\/\d{4}/));
    expect(screen.getByTestId('sync-status').getAttribute('data-state')).toBe('idle');
  });
});
