import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { verifyWacz } from '../../../src/main/capture';
import { writeZip } from '../../../src/main/capture/zip';
import { startSite, type Site } from '../../fixtures/capture/site';
import { pngSize, runCapture, TEST_KEY, waczEntries, warcRecords, type Run } from './helpers';

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

describe('capture of a normal page', () => {
  let site: Site;
  let run: Run;
  beforeAll(async () => {
    site = await startSite();
    run = await runCapture(site, '/');
  }, 60_000);
  afterAll(() => site.close());

  it('ends complete with the renderings, the provenance and nothing left outside the capture folder', () => {
    const p = run.result.provenance;
    expect(p.state).toBe('complete');
    expect(p.httpStatus).toBe(200);
    expect(p.finalUrl).toBe(`${site.http}/`);
    expect(p.remoteIp).toBe('127.0.0.1');
    expect(p.startedAt).toMatch(/\.\d{3}Z$/);
    expect(p.browserVersion).toMatch(/Chrome/);
    expect(p.reportId).toBe('R-TEST');
    expect(run.result.renderings.map((r) => r.file).sort()).toEqual(
      ['dom.html', 'page.mhtml', 'page.pdf', 'screenshot-full.png', 'screenshot-viewport.png', 'text.txt'].sort(),
    );
    expect(fs.readFileSync(path.join(run.outDir, 'text.txt'), 'utf8')).toContain('script exécuté');
    expect(fs.readdirSync(run.outDir).sort()).toEqual([...run.result.renderings.map((r) => r.file), 'capture.wacz'].sort());
    expect(fs.readdirSync(run.profileRoot)).toEqual([]); // the throw-away profile is gone
    expect(site.forbiddenHits).toEqual([]);
  });

  it('writes a WARC that warcio parses back, with digests, IP addresses and paired records', async () => {
    const entries = await waczEntries(run.result.waczFile);
    const records = await warcRecords(entries.get('archive/data.warc.gz') ?? Buffer.alloc(0));
    expect(records[0]?.record.warcType).toBe('warcinfo');
    const responses = records.filter((r) => r.record.warcType === 'response');
    const ids = new Set(responses.map((r) => r.record.warcHeader('WARC-Record-ID')));
    expect(responses.map((r) => new URL(r.record.warcTargetURI ?? '').pathname)).toEqual(
      expect.arrayContaining(['/', '/style.css', '/red.png', '/app.js']),
    );
    for (const { record, payload } of responses) {
      expect(record.warcHeader('WARC-IP-Address')).toBe('127.0.0.1');
      expect(record.warcPayloadDigest).toBe(`sha256:${sha(payload)}`);
      expect(record.httpHeaders?.headers.get('content-encoding')).toBeNull();
    }
    const requests = records.filter((r) => r.record.warcType === 'request');
    expect(requests.length).toBe(responses.length);
    for (const { record } of requests) expect(ids.has(record.warcConcurrentTo?.[0] ?? '')).toBe(true);
    const resources = records.filter((r) => r.record.warcType === 'resource').map((r) => r.record.warcTargetURI);
    expect(resources.length).toBe(6);
  });

  it('indexes every response and rendering: each CDXJ line resolves to its record', async () => {
    const entries = await waczEntries(run.result.waczFile);
    const warc = entries.get('archive/data.warc.gz') ?? Buffer.alloc(0);
    const lines = (entries.get('indexes/index.cdxj')?.toString('utf8') ?? '').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) {
      const json = JSON.parse(line.slice(line.indexOf('{'))) as { url: string; offset: string; length: string; digest: string };
      const member = warc.subarray(Number(json.offset), Number(json.offset) + Number(json.length));
      const record = await WARCParser.parse([gunzipSync(member)]);
      expect(record?.warcTargetURI).toBe(json.url);
      expect(record?.warcPayloadDigest ?? record?.warcBlockDigest).toBe(json.digest);
    }
    const pages = (entries.get('pages/pages.jsonl')?.toString('utf8') ?? '').trim().split('\n');
    expect(JSON.parse(pages[1] ?? '{}')).toMatchObject({ url: `${site.http}/`, title: 'Accueil du site de test' });
  });

  it('verifies intact, and names the entry when any single byte of any entry is flipped', async () => {
    const ok = await verifyWacz(run.result.waczFile);
    expect(ok.problems).toEqual([]);
    expect(ok.signer).toBe(TEST_KEY.fingerprint);
    const entries = await waczEntries(run.result.waczFile);
    expect([...entries.keys()]).toHaveLength(6);
    for (const [name, data] of entries) {
      const copy = Buffer.from(data);
      const at = Math.floor(copy.length / 2);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      const file = path.join(run.outDir, `tampered-${name.replace(/\//g, '_')}.wacz`);
      await writeZip(file, [...entries].map(([p, d]) => ({ path: p, data: p === name ? copy : d })));
      const report = await verifyWacz(file);
      expect(report.ok, name).toBe(false);
      expect(report.problems.join('\n'), name).toContain(name);
      fs.rmSync(file);
    }
  });
});

describe('capture of hard pages', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site.close());

  it('scrolls a tall lazy page and stitches its full-page screenshot from tiles', async () => {
    const run = await runCapture(site, '/tall', {}, { scrollBudgetMs: 3_000, timeBudgetMs: 25_000 });
    expect(run.result.provenance.state).toBe('complete');
    expect(site.hits).toContain('/lazy.png');
    const full = fs.readFileSync(path.join(run.outDir, 'screenshot-full.png'));
    expect(pngSize(full).height).toBeGreaterThan(8_000); // beyond one tile
    expect(pngSize(full).width).toBe(1280);
  });

  it('records 404 and 500 as they were served', async () => {
    for (const [p, status] of [['/404', 404], ['/500', 500]] as const) {
      const run = await runCapture(site, p);
      expect(run.result.provenance).toMatchObject({ state: 'complete', httpStatus: status });
    }
  });

  it('captures a PDF and an image target as resources in the WARC', async () => {
    for (const [p, mime] of [['/doc.pdf', 'application/pdf'], ['/image.png', 'image/png']] as const) {
      const run = await runCapture(site, p);
      expect(run.result.provenance.state, p).toBe('complete');
      const records = await warcRecords((await waczEntries(run.result.waczFile)).get('archive/data.warc.gz') ?? Buffer.alloc(0));
      const main = records.find((r) => r.record.warcType === 'response' && r.record.warcTargetURI?.endsWith(p));
      expect(main?.record.httpHeaders?.headers.get('content-type')).toBe(mime);
      expect(main?.payload.length).toBeGreaterThan(100);
    }
  });

  it('records a TLS error instead of hiding it, and the certificate chain when told to accept it', async () => {
    const refused = await runCapture(site, `${site.https}/`);
    expect(refused.result.provenance.state).toBe('failed');
    expect(refused.result.provenance.reason).toMatch(/CERT/);
    const accepted = await runCapture(site, `${site.https}/`, {}, { acceptInvalidCertificates: true });
    expect(accepted.result.provenance.state).toBe('complete');
    const records = await warcRecords((await waczEntries(accepted.result.waczFile)).get('archive/data.warc.gz') ?? Buffer.alloc(0));
    const tls = records.find((r) => r.record.warcType === 'metadata');
    const body = JSON.parse(Buffer.from(tls?.payload ?? []).toString('utf8')) as { protocol: string; cipher: string; certificateChainPem: string[] };
    expect(body.protocol).toMatch(/TLS/);
    expect(body.cipher).toBeTruthy();
    const der = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    expect(der(body.certificateChainPem[0] ?? '')).toBe(der(site.certPem));
    expect(tls?.record.warcHeader('WARC-Refers-To')).toMatch(/^<urn:uuid:/);
  });
});
