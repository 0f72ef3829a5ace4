// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { CaptureView } from '@shared';
import { createI18n } from '../../src/renderer/i18n';
import { CaptureCard } from '../../src/renderer/features/capture/CaptureCard';
import { isCaptureShortcut } from '../../src/renderer/features/capture/CapturePanel';
import { renderApp } from './helpers';

afterEach(cleanup);

const openFirstReport = async () => {
  const harness = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 20, captureSteps: 3 });
  fireEvent.click((await screen.findAllByTestId('queue-row'))[0]!);
  await screen.findByTestId('captures');
  return harness;
};

describe('capture from the report pane', () => {
  it('"Capturer" shows the steps as they come, then the thumbnail, the artifacts with their SHA-256 and the upload state', async () => {
    const { fake } = await openFirstReport();
    expect(screen.getByTestId('captures').textContent).toContain('Aucune capture');
    fireEvent.click(screen.getByTestId('capture-start'));
    const card = await screen.findByTestId('capture');
    await waitFor(() => expect(within(card).getByTestId('capture-steps').textContent).toContain('Étape 2'));
    await waitFor(() => expect(screen.getByTestId('capture').getAttribute('data-state')).toBe('complete'));
    const done = screen.getByTestId('capture');
    expect(within(done).getByTestId('capture-state').textContent).toBe('Complète');
    expect(within(done).getByTestId('capture-steps').querySelectorAll('li')).toHaveLength(3);
    await waitFor(() => expect(within(done).getByTestId('capture-thumbnail').getAttribute('src')).toMatch(/^data:image\/png;base64,/));
    const artifacts = within(done).getByTestId('capture-artifacts').textContent ?? '';
    expect(artifacts).toContain('capture.wacz');
    expect(artifacts).toContain('a'.repeat(64));
    expect(within(done).getByTestId('capture-upload').textContent).toMatch(/En attente/);
    expect(within(done).getByTestId('capture-verification').textContent).toBe('Non vérifiée');
    expect(fake.calls.filter((c) => c.method === 'capture.start')).toHaveLength(1);
  });

  it('verifies, opens the PV, exports, and sends again from the card', async () => {
    const { fake } = await openFirstReport();
    fireEvent.click(screen.getByTestId('capture-start'));
    await waitFor(() => expect(screen.getByTestId('capture').getAttribute('data-state')).toBe('complete'));
    fireEvent.click(screen.getByTestId('capture-verify'));
    await waitFor(() => expect(screen.getByTestId('capture-verification').getAttribute('data-ok')).toBe('true'));
    expect(screen.getByTestId('capture-verification').textContent).toMatch(/^Intacte/);
    fireEvent.click(screen.getByTestId('capture-open-pv'));
    await waitFor(() => expect(screen.getByTestId('capture-exported').textContent).toMatch(/^PV ouvert : .*pv\.pdf$/));
    expect(fake.calls.find((c) => c.method === 'capture.export')?.input).toMatchObject({ what: ['pv'], open: true });
    fireEvent.click(screen.getByTestId('capture-export'));
    await waitFor(() => expect(screen.getByTestId('capture-exported').textContent).toMatch(/^Fichiers exportés dans /));
    fireEvent.click(screen.getByTestId('capture-retry-upload'));
    await waitFor(() => expect(screen.getByTestId('capture-upload').getAttribute('data-state')).toBe('done'));
    expect(screen.queryByTestId('capture-retry-upload')).toBeNull();
  });

  it('Shift+C starts a capture of the open report, but not while typing in a field', async () => {
    const { fake } = await openFirstReport();
    const input = document.createElement('input');
    document.body.appendChild(input);
    fireEvent.keyDown(input, { key: 'C', shiftKey: true });
    expect(fake.calls.some((c) => c.method === 'capture.start')).toBe(false);
    fireEvent.keyDown(document.body, { key: 'C', shiftKey: true });
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'capture.start')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('capture').getAttribute('data-state')).toBe('complete'));
    expect(isCaptureShortcut({ key: 'C', ctrlKey: true, metaKey: false, altKey: false }, document.body)).toBe(false);
    expect(isCaptureShortcut({ key: 'c', ctrlKey: false, metaKey: false, altKey: false }, document.body)).toBe(false);
  });

  it('shows a failed capture with its reason, an altered one with what is wrong, and a refused upload with the server’s reason', () => {
    const base: CaptureView = {
      id: '5b0f7c52-3f1e-4a55-9c2a-6f3c1c9b2d11', reportId: '0b7e3c1a-1d2f-4a3b-8c4d-5e6f7a8b9c0d', url: 'https://exemple.fr/', finalUrl: null, state: 'failed',
      reason: 'échec de la navigation : net::ERR_NAME_NOT_RESOLVED', startedAt: '2026-07-14T10:00:00.000Z', endedAt: '2026-07-14T10:00:03.000Z', operator: 'Brigadier A. Martin',
      steps: [{ at: '2026-07-14T10:00:00.000Z', label: 'Chargement de la page' }], artifacts: [], waczSha256: 'f'.repeat(64), signer: null,
      verification: { ok: false, at: '2026-07-14T10:05:00.000Z', problems: ['archive/data.warc.gz : SHA-256 différente'] },
      upload: { state: 'refused', sent: 0, total: 1000, attempts: 1, error: 'Copie refusée et supprimée', nextAt: null },
    };
    const noop = () => undefined;
    render(
      <I18nextProvider i18n={createI18n('fr')}>
        <CaptureCard capture={base} thumbnail={null} onVerify={noop} onOpenPv={noop} onExport={noop} onRetryUpload={noop} />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('capture-state').textContent).toBe('Échec');
    expect(screen.getByTestId('capture-reason').textContent).toContain('ERR_NAME_NOT_RESOLVED');
    // The failure is its own step, after the step that ran ("Chargement de la page" did not fail by itself), with what to do.
    expect(screen.getByTestId('capture-failed-step').textContent).toBe('Échec : échec de la navigation : net::ERR_NAME_NOT_RESOLVED');
    expect(screen.getByTestId('capture-steps').querySelectorAll('li')[0]?.textContent).toBe('Chargement de la page');
    expect(screen.getByTestId('capture-failure').textContent).toContain('Que faire : vérifiez l’adresse, puis relancez « Capturer »');
    expect(screen.getByTestId('capture-open-pv').getAttribute('title')).toContain('Pas de PV');
    expect(screen.getByTestId('capture-verification').textContent).toContain('ALTÉRÉE : archive/data.warc.gz');
    expect(screen.getByTestId('capture-upload').textContent).toContain('Refusée — Copie refusée et supprimée');
    expect((screen.getByTestId('capture-open-pv') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('capture-retry-upload')).toBeTruthy();
  });
});
