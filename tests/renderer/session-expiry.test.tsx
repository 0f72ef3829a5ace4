// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import type { SyncStatus } from '@shared';
import { renderApp } from './helpers';

afterEach(cleanup);

const STATUS: SyncStatus = { online: true, syncing: false, lastSyncAt: null, lastError: null, progress: null, pending: 3, reportCount: 5 };

describe('a session the server ends', () => {
  it('shows the login screen saying why, and that the unsent changes are kept', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5 });
    await screen.findAllByTestId('queue-row');
    act(() => fake.emit('sync.status', STATUS));
    act(() => fake.emit('auth.session', null));
    const notice = await screen.findByTestId('login-expired');
    expect(notice.textContent).toContain('Votre session a expiré');
    expect(notice.textContent).toContain('3 modifications non envoyées sont conservées');
    fireEvent.change(screen.getByLabelText('Identifiant'), { target: { value: 'analyste' } });
    fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: 'analyste-demo-2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    await screen.findAllByTestId('queue-row');
    expect(screen.queryByTestId('login-expired')).toBeNull();
  });

  it('an officer who logs out is not told the session expired', async () => {
    const { stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5 });
    await screen.findAllByTestId('queue-row');
    await act(() => stores.session.getState().logout());
    await screen.findByRole('button', { name: 'Se connecter' });
    expect(screen.queryByTestId('login-expired')).toBeNull();
  });
});
