import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, chromiumProvider } from '../../../src/main/capture';
import { forbiddenOrigins, startHintsSite, startListeners, type Listeners } from '../../fixtures/capture/listeners';
import { TEST_KEY } from './helpers';

// The socket-level guarantee (DESIGN §2.5): during a real capture of a page full of resource hints,
// popups, iframes, pings and every spelling of a loopback address, no TCP connection reaches a forbidden
// listener. Accepted connections are counted, not requests: a speculative socket counts.
describe('egress at the socket', () => {
  let listeners: Listeners;
  let site: Awaited<ReturnType<typeof startHintsSite>>;
  beforeAll(async () => {
    listeners = await startListeners();
    site = await startHintsSite(forbiddenOrigins(listeners.port));
  });
  afterAll(async () => {
    await site.close();
    await listeners.close();
  });

  it('opens no connection to a forbidden listener and logs the refusals with their reasons', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-egress-test-'));
    const result = await capture({
      url: `${site.url}/hints`,
      outDir: path.join(root, 'out'),
      provider: chromiumProvider({ profileRoot: root }),
      key: TEST_KEY,
      operator: 'Brigadier Test',
      options: { allowHosts: [site.hostPort], timeBudgetMs: 15_000, scrollBudgetMs: 1_000 },
    });
    // Speculative sockets may be opened a moment after the load: wait before counting.
    await new Promise((r) => setTimeout(r, 1_500));
    console.log('accepted connections per forbidden listener:', Object.fromEntries(listeners.accepts));
    console.log(JSON.stringify({ b: result.provenance.blockedRequests.map((b) => [b.url, b.reason, b.detail]), c: result.provenance.connections.map((c) => [c.kind, c.host, c.port, c.connected, c.refused?.reason]), ev: result.provenance.events.map((e) => e.detail).slice(0, 10) }, null, 0));
    expect(Object.fromEntries(listeners.accepts)).toEqual({ '127.0.0.1': 0, '127.0.0.2': 0, '::1': 0 });
    expect(result.provenance.state).toBe('complete');
  }, 60_000);
});
