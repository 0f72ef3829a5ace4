// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { deriveScreen } from '../../src/renderer/app/flow';
import { renderApp } from './helpers';

afterEach(cleanup);

const PASS = 'phrase de passe de test';

describe('deriveScreen', () => {
  const settings = { serverUrl: null, serverFingerprint: null, deviceId: null, deviceName: null, enrolled: true, demo: null };
  const user = { id: 'u', username: 'a', displayName: 'A', role: 'analyst' as const };
  it.each([
    [{ vault: null, settings: null, session: undefined }, 'loading'],
    [{ vault: { state: 'uninitialised' as const, dataDir: '' }, settings: null, session: undefined }, 'vault-create'],
    [{ vault: { state: 'locked' as const, dataDir: '' }, settings, session: null }, 'vault-unlock'],
    [{ vault: { state: 'unlocked' as const, dataDir: '' }, settings: null, session: undefined }, 'loading'],
    [{ vault: { state: 'unlocked' as const, dataDir: '' }, settings: { ...settings, enrolled: false }, session: undefined }, 'enrolment'],
    [{ vault: { state: 'unlocked' as const, dataDir: '' }, settings, session: undefined }, 'loading'],
    [{ vault: { state: 'unlocked' as const, dataDir: '' }, settings, session: null }, 'login'],
    [{ vault: { state: 'unlocked' as const, dataDir: '' }, settings, session: { user, accessExpiresAt: '' } }, 'main'],
  ])('%j → %s', (input, expected) => {
    expect(deriveScreen(input)).toBe(expected);
  });
});

describe('first run to the queue', () => {
  it('creates the vault, enrols with the demo values, logs in with a demo account, shows the queue', async () => {
    renderApp({ reports: 30 });
    const pass = await screen.findByTestId('vault-passphrase');
    fireEvent.change(pass, { target: { value: 'court' } });
    fireEvent.change(screen.getByTestId('vault-passphrase-confirm'), { target: { value: 'court' } });
    fireEvent.click(screen.getByTestId('vault-submit'));
    expect(screen.getByTestId('vault-error').textContent).toMatch(/au moins 10 caractères/);

    fireEvent.change(pass, { target: { value: PASS } });
    fireEvent.change(screen.getByTestId('vault-passphrase-confirm'), { target: { value: `${PASS}x` } });
    fireEvent.click(screen.getByTestId('vault-submit'));
    expect(screen.getByTestId('vault-error').textContent).toMatch(/pas identiques/);

    fireEvent.change(screen.getByTestId('vault-passphrase-confirm'), { target: { value: PASS } });
    fireEvent.click(screen.getByTestId('vault-submit'));

    const url = (await screen.findByTestId('enrol-server-url')) as HTMLInputElement;
    expect(url.value).toBe('https://127.0.0.1:8443');
    expect((screen.getByTestId('enrol-code') as HTMLInputElement).value).toBe('DEMO-123456');
    expect(screen.getByRole('note').textContent).toMatch(/Serveur de démonstration/);
    fireEvent.click(screen.getByTestId('enrol-submit'));

    const demoAccount = await screen.findByText('analyste', { selector: 'span' });
    fireEvent.click(demoAccount);
    expect((screen.getByTestId('login-password') as HTMLInputElement).value).toBe('analyste-demo-2026');
    fireEvent.click(screen.getByTestId('login-submit'));

    expect(await screen.findByTestId('queue')).toBeTruthy();
    expect(await screen.findAllByTestId('queue-row')).not.toHaveLength(0);
  });

  it('says the passphrase is wrong and stays on the unlock screen', async () => {
    renderApp({ vault: 'locked' });
    fireEvent.change(await screen.findByTestId('vault-passphrase'), { target: { value: 'mauvaise phrase' } });
    fireEvent.click(screen.getByTestId('vault-submit'));
    expect((await screen.findByTestId('vault-error')).textContent).toMatch(/Phrase de passe incorrecte/);
    expect(screen.queryByTestId('vault-passphrase-confirm')).toBeNull();
  });

  it('checks the enrolment fields before calling, in French', async () => {
    const { fake } = renderApp({ vault: 'unlocked' });
    fireEvent.change(await screen.findByTestId('enrol-fingerprint'), { target: { value: 'AB:CD' } });
    fireEvent.click(screen.getByTestId('enrol-submit'));
    expect(screen.getByTestId('enrol-error').textContent).toMatch(/64 chiffres hexadécimaux/);
    fireEvent.change(screen.getByTestId('enrol-server-url'), { target: { value: 'http://serveur' } });
    fireEvent.click(screen.getByTestId('enrol-submit'));
    expect(screen.getByTestId('enrol-error').textContent).toMatch(/https:\/\//);
    expect(fake.calls.some((c) => c.method === 'enrolment.enrol')).toBe(false);
  });

  it('explains a certificate fingerprint mismatch at enrolment', async () => {
    renderApp({ vault: 'unlocked' });
    fireEvent.change(await screen.findByTestId('enrol-fingerprint'), { target: { value: 'FF:'.repeat(31) + 'FF' } });
    fireEvent.click(screen.getByTestId('enrol-submit'));
    expect((await screen.findByTestId('enrol-error')).textContent).toMatch(/empreinte du certificat/);
  });

  it('refuses wrong credentials with a French message', async () => {
    renderApp({ vault: 'unlocked', enrolled: true });
    fireEvent.change(await screen.findByTestId('login-username'), { target: { value: 'analyste' } });
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'faux' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toBe('Identifiant ou mot de passe incorrect.');
  });

  it('goes back to the unlock screen on auto-lock (vault.status event) and forgets the queue', async () => {
    const { fake, stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 20 });
    await screen.findAllByTestId('queue-row');
    act(() => fake.emit('vault.status', { state: 'locked', dataDir: '/d' }));
    expect(await screen.findByTestId('vault-passphrase')).toBeTruthy();
    expect(screen.queryByTestId('queue')).toBeNull();
    expect(stores.queue.getState().total).toBeNull();
  });

  it('locks from the header button', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 5 });
    fireEvent.click(await screen.findByTestId('lock-button'));
    expect(await screen.findByTestId('vault-passphrase')).toBeTruthy();
  });
});

describe('state rechecks', () => {
  it('a queue call refused as locked brings the unlock screen back even without the event', async () => {
    const { fake, stores } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 20 });
    await screen.findAllByTestId('queue-row');
    // Lock behind the UI's back (the event is lost), then the next page load is refused.
    await fake.invoke('vault.lock', {});
    act(() => stores.queue.getState().setFilters({ category: 'scam' }));
    expect(await screen.findByTestId('vault-passphrase')).toBeTruthy();
  });
});
