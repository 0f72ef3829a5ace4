// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Report } from '@shared';
import { createI18n } from '../../src/renderer/i18n';
import { ReportDetail } from '../../src/renderer/features/report/ReportDetail';
import { ReportIdentity } from '../../src/renderer/features/report/ReportIdentity';
import { renderApp } from './helpers';

afterEach(cleanup);

const REPORT: Report = {
  id: '0b7e3c1a-1d2f-4a3b-8c4d-5e6f7a8b9c0d',
  reference: 'PH-2026-000123',
  source: 'professional',
  category: 'counterfeiting',
  status: 'in_progress',
  priority: 42,
  urls: ['https://montres-exemple.fr/rolex', 'http://paiement.exemple.org/p?id=1'],
  description: 'Vente de montres contrefaites.\nPaiement par virement.',
  reporter: { organisation: 'Hébergeur Exemple SAS', email: 'abuse@exemple.fr' },
  externalRef: 'EXT-77',
  receivedAt: '2026-07-14T10:00:00.000Z',
  updatedAt: '2026-07-14T11:00:00.000Z',
  claimedBy: 'a.martin',
  leaseUntil: '2026-07-14T12:00:00.000Z',
  assignedTo: null,
  clusterId: 'cluster-9',
  version: 3,
  events: [
    { id: 'e2', at: '2026-07-14T11:00:00.000Z', actor: 'a.martin', action: 'claim', fromStatus: 'received', toStatus: 'in_progress', detail: null },
    { id: 'e1', at: '2026-07-14T10:00:00.000Z', actor: 'professional', action: 'receive', fromStatus: null, toStatus: 'received', detail: 'API' },
  ],
};

function renderDetail(report: Report) {
  return render(
    <I18nextProvider i18n={createI18n('fr')}>
      <ReportIdentity report={report} now={Date.parse('2026-07-14T11:30:00.000Z')} session={undefined} />
      <ReportDetail report={report} />
    </I18nextProvider>,
  );
}

describe('report detail', () => {
  it('shows every field, in French', () => {
    renderDetail(REPORT);
    expect(screen.getByTestId('report-reference').textContent).toBe('PH-2026-000123');
    expect(screen.getByTestId('report-status').textContent).toBe('En traitement');
    expect(screen.getByTestId('report-category').textContent).toBe('Contrefaçon');
    expect(screen.getAllByTestId('report-url').map((e) => e.textContent)).toEqual(REPORT.urls);
    expect(screen.getByTestId('report-description').textContent).toBe(REPORT.description);
    const text = document.body.textContent ?? '';
    for (const s of ['Professionnel', 'Hébergeur Exemple SAS', 'abuse@exemple.fr', 'EXT-77', 'cluster-9', 'Pris en charge par a.martin', '14/07/2026 12:00:00', '14/07/2026 14:00:00']) {
      expect(text).toContain(s);
    }
  });

  it('never makes a reported address a link', () => {
    const { container } = renderDetail(REPORT);
    expect(container.querySelectorAll('a')).toHaveLength(0);
    expect(screen.getAllByRole('button', { name: /Copier l’adresse/ })).toHaveLength(2);
  });

  it('shows the history as a timeline, oldest first', () => {
    renderDetail(REPORT);
    const items = screen.getAllByTestId('report-event').map((e) => e.textContent ?? '');
    expect(items[0]).toMatch(/Réception.*Reçu.*par Professionnel.*API/);
    expect(items[1]).toMatch(/Prise en charge.*Reçu → En traitement.*par a\.martin/);
  });

  it('says when there is no reporter contact', () => {
    renderDetail({ ...REPORT, reporter: null, externalRef: null, clusterId: null, claimedBy: null, leaseUntil: null });
    expect(document.body.textContent).toContain('Aucun contact');
    expect(document.body.textContent).toContain('Non pris en charge');
  });

  it('opens from a click in the queue', async () => {
    renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports: 50 });
    const rows = await screen.findAllByTestId('queue-row');
    const row = rows[3];
    if (!row) throw new Error('row expected');
    fireEvent.click(row);
    expect((await screen.findByTestId('report-reference')).textContent).toBe(row.getAttribute('data-reference'));
    expect(row.getAttribute('aria-selected')).toBe('true');
  });
});
