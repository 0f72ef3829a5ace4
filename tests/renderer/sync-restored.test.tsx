// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { SyncStatus } from '@shared';
import { renderApp } from './helpers';

afterEach(cleanup);

const STATUS: SyncStatus = { online: true, syncing: false, lastSyncAt: null, lastError: null, progress: null, pending: 0, reportCount: 5 };

describe('server restored from a backup', () => {
  it('tells the officer how many confirmed changes were sent again, until dismissed', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5 });
    await screen.findAllByTestId('queue-row');
    expect(screen.queryByTestId('sync-restored')).toBeNull();
    act(() => fake.emit('sync.status', { ...STATUS, serverRestored: { at: '2026-11-22T10:00:00.000Z', resent: 3 } }));
    const notice = await screen.findByTestId('sync-restored');
    expect(notice.textContent).toContain('Le serveur a été restauré depuis une sauvegarde antérieure (constaté le 22/11/2026 11:00:00) : 3 modifications déjà confirmées ont été renvoyées depuis ce poste.');
    fireEvent.click(screen.getByTestId('sync-restored-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('sync-restored')).toBeNull());
    expect(fake.calls.some((c) => c.method === 'sync.dismissRestored')).toBe(true);
  });
});
