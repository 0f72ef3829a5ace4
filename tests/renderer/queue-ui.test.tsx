// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { queueCommand } from '../../src/renderer/features/queue/keyboard';
import { splitUrl } from '../../src/renderer/features/queue/UrlText';
import { renderApp } from './helpers';

afterEach(cleanup);

async function mainScreen(reports = 300) {
  const h = renderApp({ vault: 'unlocked', enrolled: true, loggedIn: true, reports });
  await screen.findAllByTestId('queue-row');
  return h;
}

function selectedReference(): string | null {
  const row = screen.getAllByTestId('queue-row').find((r) => r.getAttribute('aria-selected') === 'true');
  return row?.getAttribute('data-reference') ?? null;
}

function references(): (string | null)[] {
  return screen.getAllByTestId('queue-row').map((r) => r.getAttribute('data-reference'));
}

describe('queue keyboard', () => {
  it('maps keys to commands depending on the focus', () => {
    expect(queueCommand({ key: 'j', focus: 'none', modifier: false })).toBe('down');
    expect(queueCommand({ key: 'k', focus: 'none', modifier: false })).toBe('up');
    expect(queueCommand({ key: 'j', focus: 'search', modifier: false })).toBeNull();
    expect(queueCommand({ key: 'ArrowDown', focus: 'search', modifier: false })).toBe('down');
    expect(queueCommand({ key: 'ArrowDown', focus: 'select', modifier: false })).toBeNull();
    expect(queueCommand({ key: 'j', focus: 'button', modifier: false })).toBe('down');
    expect(queueCommand({ key: 'Enter', focus: 'button', modifier: false })).toBeNull();
    expect(queueCommand({ key: 'Escape', focus: 'field', modifier: false })).toBe('escape');
    expect(queueCommand({ key: '/', focus: 'none', modifier: false })).toBe('search');
    expect(queueCommand({ key: 'j', focus: 'none', modifier: true })).toBeNull();
  });

  it('j/k move the selection, Enter opens the report, Escape goes back', async () => {
    await mainScreen();
    const order = references();
    expect(selectedReference()).toBe(order[0]);
    fireEvent.keyDown(document, { key: 'j' });
    fireEvent.keyDown(document, { key: 'ArrowDown' });
    expect(selectedReference()).toBe(order[2]);
    fireEvent.keyDown(document, { key: 'k' });
    expect(selectedReference()).toBe(order[1]);
    fireEvent.keyDown(document, { key: 'Enter' });
    expect((await screen.findByTestId('report-reference')).textContent).toBe(order[1]);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('report-reference')).toBeNull();
  });

  it('/ focuses the search; typing filters; Escape clears it', async () => {
    const { fake } = await mainScreen();
    fireEvent.keyDown(document, { key: '/' });
    const search = screen.getByTestId('queue-search') as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    const target = fake.reports.find((r) => r.status === 'received');
    fireEvent.change(search, { target: { value: target?.reference } });
    await waitFor(() => expect(references()).toEqual([target?.reference]));
    expect(screen.getByTestId('queue-total').textContent).toBe('1 signalement');
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(search.value).toBe('');
  });

  it('filters by status, category, source and sorts', async () => {
    const { fake } = await mainScreen();
    fireEvent.change(screen.getByTestId('queue-filter-status'), { target: { value: 'all' } });
    await waitFor(() => expect(screen.getByTestId('queue-total').getAttribute('data-total')).toBe(String(fake.reports.length)));
    fireEvent.change(screen.getByTestId('queue-filter-category'), { target: { value: 'terrorism' } });
    fireEvent.change(screen.getByTestId('queue-filter-source'), { target: { value: 'state' } });
    fireEvent.change(screen.getByTestId('queue-sort'), { target: { value: 'newest' } });
    const expected = fake.reports.filter((r) => r.category === 'terrorism' && r.source === 'state').sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    await waitFor(() => expect(references().slice(0, 5)).toEqual(expected.slice(0, 5).map((r) => r.reference)));
    const first = screen.getAllByTestId('queue-row')[0];
    if (!first) throw new Error('row expected');
    expect(within(first).getByText('Terrorisme')).toBeTruthy();
    expect(within(first).getByText('Service de l’État')).toBeTruthy();
  });

  it('renders only a window of rows for 100 000 reports', async () => {
    await mainScreen(100_000);
    const total = Number(screen.getByTestId('queue-total').getAttribute('data-total'));
    expect(total).toBeGreaterThan(50_000);
    expect(screen.getAllByTestId('queue-row').length).toBeLessThan(100);
  });

  it('emphasises the host of an address', () => {
    expect(splitUrl('https://user@www.exemple.fr:8080/a?b#c')).toEqual({ before: 'https://user@', host: 'www.exemple.fr', after: ':8080/a?b#c' });
    expect(splitUrl('pas une adresse')).toEqual({ before: '', host: '', after: 'pas une adresse' });
  });
});
