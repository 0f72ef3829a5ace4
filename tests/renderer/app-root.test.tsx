// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { err, ok, type Result, type Transport } from '@shared';
import { AppRoot } from '../../src/renderer/app/AppRoot';
import { createI18n } from '../../src/renderer/i18n';
import { WsTransport, memoryResumeStore } from '../../src/renderer/transport';
import { enrolmentErrorText } from '../../src/renderer/features/enrolment/messages';
import { socketFactory } from './transport/fake-socket';

afterEach(cleanup);

describe('AppRoot', () => {
  it('without token nor session, tells the officer which address to open', () => {
    render(<AppRoot choice={{ kind: 'none' }} i18n={createI18n('fr')} />);
    expect(screen.getByTestId('no-transport').textContent).toBe("Ouvrez l’adresse affichée par la commande npm run start:web.");
  });

  it('shows a banner while the browser-mode connection is lost, and when the session is refused', async () => {
    const f = socketFactory();
    const transport = new WsTransport({ origin: 'ws://127.0.0.1:1', token: 't', resume: memoryResumeStore(), createSocket: f.create, backoffMs: [5], waitForOpenMs: 50 });
    transport.connect();
    render(<AppRoot choice={{ kind: 'ws', transport }} i18n={createI18n('fr')} />);
    act(() => {
      f.last().open();
      f.last().receive({ type: 'session', resumeToken: 'r' });
    });
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    act(() => f.last().serverClose(1006));
    expect(screen.getByTestId('connection-banner').getAttribute('data-state')).toBe('closed');
    // The reconnection with the resume token is refused by the host.
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
      f.last().serverClose(4401);
    });
    expect(f.sockets).toHaveLength(2);
    expect(screen.getByTestId('connection-banner').getAttribute('data-state')).toBe('rejected');
    transport.close();
  });

  it.each([
    [4001, 'faute d’activité'],
    [4002, 'durée maximale'],
  ])('says why the host ended the page’s session (close code %i)', (code, text) => {
    const f = socketFactory();
    const transport = new WsTransport({ origin: 'ws://127.0.0.1:1', token: null, resume: memoryResumeStore('r'), createSocket: f.create, backoffMs: [5], waitForOpenMs: 50 });
    transport.connect();
    render(<AppRoot choice={{ kind: 'ws', transport }} i18n={createI18n('fr')} />);
    act(() => f.last().open());
    act(() => f.last().serverClose(code));
    const banner = screen.getByTestId('connection-banner');
    expect(banner.getAttribute('data-state')).toBe('rejected');
    expect(banner.textContent).toContain(text);
    expect(banner.textContent).toContain('Ouvrez à nouveau l');
    transport.close();
  });

  it('when the workstation does not answer, says why and retries on demand', async () => {
    let fail = true;
    const transport: Transport = {
      invoke: async (method): Promise<Result<unknown>> => {
        if (fail) return err('internal', 'base indisponible');
        return method === 'vault.status' ? ok({ state: 'uninitialised', dataDir: '/d' }) : err('locked', 'x');
      },
      onEvent: () => () => undefined,
    };
    render(<AppRoot choice={{ kind: 'ipc', transport }} i18n={createI18n('fr')} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Erreur interne : base indisponible');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByTestId('vault-passphrase-confirm')).toBeTruthy();
  });
});

describe('enrolment messages', () => {
  const t = createI18n('fr').t;
  it.each([
    ['tls', /ne correspond pas/],
    ['network', /Serveur injoignable/],
    ['forbidden', /Code d’enrôlement refusé/],
    ['validation', /Un champ est invalide : x/],
    ['internal', /Échec de l’enrôlement : x/],
  ] as const)('%s', (kind, expected) => {
    expect(enrolmentErrorText(t, { kind, message: 'x' })).toMatch(expected);
  });
});
