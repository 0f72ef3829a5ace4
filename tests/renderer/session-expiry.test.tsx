// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
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

  it.each([
    ['device_revoked', 'Appareil révoqué'],
    ['user_disabled', 'Compte désactivé'],
    ['session_closed', 'Session fermée'],
  ] as const)('says why the server ended it (%s), and that the unsent changes are kept', async (reason, text) => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5, signedOut: { reason, message: 'du serveur', at: new Date().toISOString() } });
    await screen.findAllByTestId('queue-row');
    act(() => fake.emit('sync.status', STATUS));
    act(() => fake.emit('auth.session', null));
    const notice = await screen.findByTestId('login-expired');
    await waitFor(() => expect(notice.getAttribute('data-reason')).toBe(reason));
    expect(notice.textContent).toContain(text);
    expect(notice.textContent).toContain('3 modifications non envoyées sont conservées');
  });

  it('still says why after the app is started again on the login screen', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: false, signedOut: { reason: 'device_revoked', message: 'du serveur', at: new Date().toISOString() } });
    const notice = await screen.findByTestId('login-expired');
    expect(notice.textContent).toContain('Appareil révoqué');
  });
});

describe('a login the server throttles', () => {
  it('shows the server’s words: how long to wait', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true });
    const wait = 'Trop d’échecs de connexion pour ce compte : patientez 4 s avant de réessayer.';
    const invoke = fake.invoke.bind(fake);
    fake.invoke = async (method, input) => (method === 'auth.login' ? { ok: false, error: { kind: 'rate_limited', message: wait } } : invoke(method, input));
    fireEvent.change(await screen.findByLabelText('Identifiant'), { target: { value: 'analyste' } });
    fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: 'analyste-demo-2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect((await screen.findByTestId('login-error')).textContent).toBe(wait);
  });
});
