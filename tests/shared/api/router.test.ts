import { describe, expect, it } from 'vitest';
import { KindedError, createClient, createRouter, type Handlers, type Transport } from '@shared';

const status = { state: 'locked' as const, dataDir: '/tmp/x' };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notUsed = async (): Promise<never> => {
    throw new Error('not used in this test');
  };
  const base: Handlers = {
    'vault.status': async () => status,
    'vault.create': notUsed,
    'vault.unlock': async ({ passphrase }) => {
      if (passphrase !== 'correct horse') throw new KindedError('wrong_passphrase', 'Phrase de passe incorrecte');
      return { ...status, state: 'unlocked' };
    },
    'vault.lock': notUsed,
    'settings.get': notUsed,
    'enrolment.enrol': notUsed,
    'auth.session': notUsed,
    'auth.login': notUsed,
    'auth.logout': notUsed,
    'auth.signedOut': notUsed,
    'sync.status': notUsed,
    'sync.now': notUsed,
    'queue.page': async (q) => ({ rows: [], total: q.limit }),
    'report.get': async () => {
      throw new Error('boom');
    },
    'report.claim': notUsed,
    'report.release': notUsed,
    'report.note': notUsed,
    'report.verify': notUsed,
    'report.qualify': notUsed,
    'report.orient': notUsed,
    'report.screenOut': notUsed,
    'report.propose': notUsed,
    'report.approve': notUsed,
    'report.return': notUsed,
    'report.resume': notUsed,
    'report.comment': notUsed,
    'directory.get': notUsed,
    'sync.rejections': notUsed,
    'capture.start': notUsed,
    'capture.list': notUsed,
    'capture.image': notUsed,
    'capture.export': notUsed,
    'capture.verify': notUsed,
    'capture.upload': notUsed,
    'report.focus': notUsed,
    'sync.dismissRestored': notUsed,
    'competing.list': notUsed,
    'competing.resolve': notUsed,
    'catalog.search': notUsed,
    'catalog.favourites': notUsed,
    'catalog.toggleFavourite': notUsed,
    'report.requestPreservation': notUsed,
    'report.setPreservationStatus': notUsed,
    'report.exportPreservation': notUsed,
    'report.exportTransmission': notUsed,
    'report.transmit': notUsed,
  };
  return { ...base, ...overrides };
}

describe('router', () => {
  const route = createRouter(handlers());
  const ctx = { transport: 'test' as const };

  it('refuses an unknown method', async () => {
    const r = await route('vault.destroyEverything', {}, ctx);
    expect(r).toEqual({ ok: false, error: { kind: 'validation', message: expect.stringContaining('unknown method') } });
  });

  it('validates input before calling the handler, naming the field', async () => {
    const r = await route('queue.page', { limit: 100000 }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^limit: /);
    const extra = await route('vault.status', { sneaky: true }, ctx);
    expect(extra.ok).toBe(false);
  });

  it('applies schema defaults', async () => {
    expect(await route('queue.page', {}, ctx)).toEqual({ ok: true, value: { rows: [], total: 50 } });
  });

  it('turns a KindedError into its kind and any other error into internal', async () => {
    expect(await route('vault.unlock', { passphrase: 'nope' }, ctx)).toEqual({
      ok: false,
      error: { kind: 'wrong_passphrase', message: 'Phrase de passe incorrecte' },
    });
    expect(await route('report.get', { id: '6f1c1f1e-2d3b-4c5d-8e9f-0a1b2c3d4e5f' }, ctx)).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'boom' },
    });
  });

  it('serves the typed client through any transport', async () => {
    const listeners = new Set<(n: string, p: unknown) => void>();
    const transport: Transport = {
      invoke: (method, input) => route(method, input, ctx),
      onEvent: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const client = createClient(transport);
    const unlocked = await client.invoke('vault.unlock', { passphrase: 'correct horse' });
    expect(unlocked).toEqual({ ok: true, value: { state: 'unlocked', dataDir: '/tmp/x' } });
    const seen: unknown[] = [];
    const off = client.on('vault.status', (s) => seen.push(s.state));
    for (const l of listeners) l('sync.status', {});
    for (const l of listeners) l('vault.status', status);
    off();
    for (const l of listeners) l('vault.status', status);
    expect(seen).toEqual(['locked']);
  });
});
