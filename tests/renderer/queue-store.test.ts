// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, OPEN_STATUSES } from '@shared';
import { createQueueStore, rowAt, SEARCH_DEBOUNCE_MS } from '../../src/renderer/features/queue/store';
import { PAGE_SIZE, pagesFor, toQuery, DEFAULT_FILTERS } from '../../src/renderer/features/queue/query';
import { createFakeWorkstation } from '../../src/renderer/dev/fake-api';

function setup(reports = 1000) {
  const fake = createFakeWorkstation({ reports, vault: 'unlocked', enrolled: true, loggedIn: true });
  const store = createQueueStore(createClient(fake));
  const pageCalls = () => fake.calls.filter((c) => c.method === 'queue.page').map((c) => c.input as { offset: number; text?: string });
  return { fake, store, pageCalls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('queue query', () => {
  it('defaults to the open statuses by priority', () => {
    expect(toQuery(DEFAULT_FILTERS, 0)).toEqual({ statuses: [...OPEN_STATUSES], sort: 'priority', offset: 0, limit: PAGE_SIZE });
  });
  it('maps single filters and pages', () => {
    expect(toQuery({ category: 'scam', status: 'all', source: 'state', text: '  abc ', sort: 'oldest' }, 3)).toEqual({
      categories: ['scam'],
      sources: ['state'],
      text: 'abc',
      sort: 'oldest',
      offset: 3 * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
  });
  it('covers a visible window with the pages behind it', () => {
    expect(pagesFor(0, 40)).toEqual([0]);
    expect(pagesFor(95, 130)).toEqual([0, 1]);
  });
});

describe('queue store', () => {
  it('loads only the pages of the visible window, once each', async () => {
    const { store, pageCalls } = setup();
    store.getState().ensureRange(0, 30);
    store.getState().ensureRange(5, 35);
    await vi.waitFor(() => expect(store.getState().total).not.toBeNull());
    expect(pageCalls()).toHaveLength(1);
    store.getState().ensureRange(250, 290);
    await vi.waitFor(() => expect(rowAt(store.getState(), 260)).toBeDefined());
    expect(pageCalls().map((c) => c.offset)).toEqual([0, 200]);
    expect(rowAt(store.getState(), 150)).toBeUndefined();
  });

  it('starts over from the top when a filter changes, dropping answers of the old filters', async () => {
    const { store, fake } = setup();
    store.getState().ensureRange(0, 20);
    store.getState().setFilters({ category: 'scam' });
    await vi.waitFor(() => expect(store.getState().total).not.toBeNull());
    const expected = fake.reports.filter((r) => r.category === 'scam' && OPEN_STATUSES.includes(r.status)).length;
    expect(store.getState().total).toBe(expected);
    expect(rowAt(store.getState(), 0)?.category).toBe('scam');
  });

  it('applies the search only after a pause in typing', async () => {
    vi.useFakeTimers();
    const { store, pageCalls, fake } = setup();
    const ref = fake.reports[7]?.reference ?? '';
    store.getState().setSearch(ref.slice(0, 4));
    store.getState().setSearch(ref);
    expect(store.getState().searchInput).toBe(ref);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 10);
    vi.useRealTimers();
    await vi.waitFor(() => expect(store.getState().total).not.toBeNull());
    expect(pageCalls().map((c) => c.text)).toEqual([ref]);
  });

  it('keeps the selection within the rows', async () => {
    const { store } = setup(10);
    store.getState().ensureRange(0, 10);
    await vi.waitFor(() => expect(store.getState().total).not.toBeNull());
    const total = store.getState().total ?? 0;
    store.getState().move(-1);
    expect(store.getState().selected).toBe(0);
    store.getState().move(1000);
    expect(store.getState().selected).toBe(total - 1);
  });

  it('refresh re-reads the visible pages without blanking them', async () => {
    const { store, pageCalls } = setup();
    store.getState().ensureRange(0, 20);
    await vi.waitFor(() => expect(store.getState().total).not.toBeNull());
    store.getState().refresh();
    expect(rowAt(store.getState(), 0)).toBeDefined();
    await vi.waitFor(() => expect(pageCalls()).toHaveLength(2));
  });
});
