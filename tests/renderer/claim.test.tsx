// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { LocalRejection } from '@shared';
import { createI18n } from '../../src/renderer/i18n';
import { RejectionNotice } from '../../src/renderer/features/sync/RejectionNotice';
import { renderApp } from './helpers';

afterEach(cleanup);

describe('claim and release from the report pane', () => {
  it('claims a waiting report and releases it, shown at once', async () => {
    const { fake } = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 60 });
    const rows = await screen.findAllByTestId('queue-row');
    const waiting = new Set(fake.reports.filter((r) => r.status === 'received').map((r) => r.reference));
    const row = rows.find((r) => waiting.has(r.getAttribute('data-reference') ?? ''));
    if (!row) throw new Error('a waiting report expected on the first page');
    fireEvent.click(row);
    fireEvent.click(await screen.findByTestId('report-claim'));
    await waitFor(() => expect(screen.getByTestId('report-status').getAttribute('data-status')).toBe('in_progress'));
    expect(fake.calls.some((c) => c.method === 'report.claim')).toBe(true);
    fireEvent.click(screen.getByTestId('report-release'));
    await waitFor(() => expect(screen.getByTestId('report-status').getAttribute('data-status')).toBe('received'));
  });

  it('lists changes the server refused, with their reason', () => {
    const rejection: LocalRejection = {
      mutationId: 7,
      name: 'claim',
      reportId: '0b7e3c1a-1d2f-4a3b-8c4d-5e6f7a8b9c0d',
      reason: { kind: 'conflict', message: 'Prise en charge impossible : signalement au statut in_progress (pris en charge par bob).' },
      createdAt: '2026-07-14T10:00:00.000Z',
      rejectedAt: '2026-07-14T10:05:00.000Z',
    };
    render(
      <I18nextProvider i18n={createI18n('fr')}>
        <RejectionNotice rejections={[rejection]} />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('sync-rejections').textContent).toContain('1 modification refusée par le serveur');
    expect(screen.getByTestId('sync-rejection').textContent).toContain('pris en charge par bob');
  });
});
