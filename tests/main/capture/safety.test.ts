import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumProvider, isForbiddenAddress, parseAllowList, type BrowserProvider } from '../../../src/main/capture';
import { startSite, type Site } from '../../fixtures/capture/site';
import { runCapture, waczEntries, warcRecords, type Run } from './helpers';

const text = (run: Run): string => fs.readFileSync(path.join(run.outDir, 'text.txt'), 'utf8');

describe('address rules', () => {
  it('refuses loopback, private, link-local, multicast and mapped addresses in v4 and v6', () => {
    for (const a of ['127.0.0.1', '10.2.3.4', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
      '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]', 'not-an-ip']) {
      expect(isForbiddenAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) expect(isForbiddenAddress(a), a).toBe(false);
    expect(parseAllowList(['127.0.0.1:8080', '[::1]:9']).has('::1', 9)).toBe(true);
    expect(() => parseAllowList(['localhost'])).toThrow(/hôte:port/);
  });
});

describe('hostile pages', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site.close());

  it('blocks and logs dialogs, popups, downloads and every request to loopback, private, link-local or file', async () => {
    const run = await runCapture(site, '/hostile');
    const p = run.result.provenance;
    expect(p.state).toBe('complete');
    expect(p.events.filter((e) => e.kind === 'dialog')).toHaveLength(2);
    expect(p.events.some((e) => e.kind === 'popup')).toBe(true);
    expect(p.events.some((e) => e.kind === 'download' && e.detail.includes('/download'))).toBe(true);
    const blocked = p.blockedRequests.map((b) => b.url);
    expect(blocked).toEqual(expect.arrayContaining([`${site.forbidden}/img-loopback.png`, `${site.forbidden}/fetch`,
      'http://10.1.2.3/private.png', 'http://169.254.169.254/latest/meta-data']));
    expect(blocked.some((u) => u.startsWith('http://[::1]'))).toBe(true);
    expect(site.forbiddenHits).toEqual([]); // nothing reached the listener outside the allow-list
    expect(site.hits).not.toContain('/popup-target');
    expect(run.outDir).toBeTruthy();
  });

  it('runs script, nested, blob and shared workers only once their sockets are removed, and refuses service workers', async () => {
    const run = await runCapture(site, '/workers');
    const p = run.result.provenance;
    expect(p.state).toBe('complete');
    // Every worker ran (it reported back to the page) and found no socket constructor.
    expect(text(run)).toContain('blob:refusé nested:refusé script:refusé service:non-inscrit shared:refusé');
    expect(site.forbiddenHits).toEqual([]); // no handshake reached the listener outside the allow-list
    expect(p.blockedRequests).toEqual([expect.objectContaining({ url: `${site.http}/ws-worker.js?kind=service`, reason: 'service-worker' })]);
    // The workers' own scripts and requests are archived like the page's.
    const records = await warcRecords((await waczEntries(run.result.waczFile)).get('archive/data.warc.gz') ?? Buffer.alloc(0));
    const responses = records.filter((r) => r.record.warcType === 'response').map((r) => r.record.warcTargetURI);
    for (const kind of ['script', 'nested', 'shared']) expect(responses).toContain(`${site.http}/ws-worker.js?kind=${kind}`);
    // The service worker target, attached before its script was refused, is closed; no worker was refused.
    for (const e of p.events.filter((ev) => ev.kind === 'worker')) expect(e.detail).toMatch(/^service worker refusé pendant la capture/);
  });

  it('holds workers the same way on a host with a single tab session (as Electron), refusing shared workers there', async () => {
    const inner = chromiumProvider();
    const tabOnly: BrowserProvider = {
      name: 'chromium',
      async open(o) {
        const s = await inner.open(o);
        return { ...s, control: s.page };
      },
    };
    const run = await runCapture(site, '/workers', { provider: tabOnly });
    expect(run.result.provenance.state).toBe('complete');
    expect(text(run)).toContain('blob:refusé nested:refusé script:refusé service:non-inscrit shared:interdit');
    expect(site.forbiddenHits).toEqual([]);
  });

  it('refuses a redirect from the allowed site to a forbidden address', async () => {
    const run = await runCapture(site, '/to-forbidden');
    expect(run.result.provenance.state).toBe('failed');
    expect(run.result.provenance.blockedRequests[0]).toMatchObject({ url: `${site.forbidden}/secret`, reason: 'forbidden-address' });
    expect(run.result.provenance.redirectChain[0]).toMatchObject({ status: 302, location: `${site.forbidden}/secret` });
    expect(site.forbiddenHits).toEqual([]);
  });

  it('ends a redirect loop as failed with the chain recorded', async () => {
    const run = await runCapture(site, '/loop');
    expect(run.result.provenance.state).toBe('failed');
    expect(run.result.provenance.reason).toMatch(/TOO_MANY_REDIRECTS/);
    expect(run.result.provenance.redirectChain.length).toBeGreaterThan(5);
    // The error page is rendered like any page, without waiting on a screenshot the browser never takes.
    expect(run.result.renderings.map((r) => r.name)).toEqual(expect.arrayContaining(['screenshot-full', 'screenshot-viewport']));
    expect(run.ms).toBeLessThan(15_000);
  });

  it('ends a page that never finishes loading as partial within the time budget, with its renderings', async () => {
    const run = await runCapture(site, '/hang', {}, { timeBudgetMs: 12_000 });
    expect(run.result.provenance.state).toBe('partial');
    expect(run.result.provenance.reason).toMatch(/budget de temps/);
    expect(run.result.provenance.missing).toEqual([expect.objectContaining({ item: 'chargement complet de la page' })]);
    expect(run.ms).toBeLessThan(12_000 + 3_000);
    expect(run.result.renderings.length).toBeGreaterThanOrEqual(5);
  });

  it('ends as partial past the size budget and refuses further requests', async () => {
    const run = await runCapture(site, '/big', {}, { sizeBudgetBytes: 500_000 });
    expect(run.result.provenance.state).toBe('partial');
    expect(run.result.provenance.reason).toMatch(/budget de taille/);
  });

  it('reports a crashed browser as failed instead of hanging', async () => {
    const inner = chromiumProvider();
    const crashing: BrowserProvider = {
      name: 'chromium',
      async open(o) {
        const s = await inner.open(o);
        setTimeout(() => void s.control.send('Browser.crash').catch(() => undefined), 300);
        return s;
      },
    };
    const run = await runCapture(site, '/hang', { provider: crashing }, { timeBudgetMs: 20_000 });
    expect(run.result.provenance.state).toBe('failed');
    expect(run.ms).toBeLessThan(15_000);
  });
});
