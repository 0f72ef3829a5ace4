import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { main } from '../../../src/main/cli';
import { verifyWacz } from '../../../src/main/capture';
import { writeZip } from '../../../src/main/capture/zip';
import { startSite, type Site } from '../../fixtures/capture/site';
import { startTsa, type Tsa } from '../../fixtures/capture/tsa';
import { waczEntries } from './helpers';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(argv);
    return { code, out: out.mock.calls.map((c) => String(c[0])).join(''), err: err.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('pharos capture and pharos verify', () => {
  let site: Site;
  let tsa: Tsa;
  let root: string;
  beforeAll(async () => {
    [site, tsa] = await Promise.all([startSite(), startTsa()]);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-cli-capture-'));
  });
  afterAll(async () => {
    await Promise.all([site.close(), tsa.close()]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('captures with a timestamp from a real RFC 3161 authority, writes the PV, and verify checks it all', async () => {
    const out = path.join(root, 'c1');
    const key = path.join(root, 'keys', 'device.pem');
    const args = ['capture', `${site.http}/`, '--out', out, '--report', 'R-42', '--tsa', tsa.url, '--allow-host', site.httpHost, '--key', key, '--operator', 'Brigadier Martin', '--time-budget', '20'];
    const r = await cli(args);
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out) as { state: string; timestamp: string; signer: string; files: { path: string }[] };
    expect(summary.state).toBe('complete');
    expect(summary.timestamp).toMatch(/Z$/);
    expect(tsa.requests).toBe(1);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(out).sort()).toEqual(['capture.wacz', 'dom.html', 'page.mhtml', 'page.pdf', 'pv.pdf', 'screenshot-full.png', 'screenshot-viewport.png', 'summary.json', 'text.txt']);
    const pv = await PDFDocument.load(fs.readFileSync(path.join(out, 'pv.pdf')));
    expect(pv.getPageCount()).toBeGreaterThanOrEqual(2);
    expect(pv.getTitle()).toContain('PV de constatation');

    const ok = await cli(['verify', path.join(out, 'capture.wacz')]);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, timestamp: summary.timestamp, signer: summary.signer });

    // A token over another signature, or a changed token, is refused by name.
    const entries = await waczEntries(path.join(out, 'capture.wacz'));
    const digest = JSON.parse(entries.get('datapackage-digest.json')?.toString('utf8') ?? '{}') as { signedData: { timeSignature: string } };
    const token = Buffer.from(digest.signedData.timeSignature, 'base64');
    token[token.length - 10] = (token[token.length - 10] ?? 0) ^ 0xff;
    digest.signedData.timeSignature = token.toString('base64');
    const bad = path.join(root, 'bad-token.wacz');
    await writeZip(bad, [...entries].map(([p, d]) => ({ path: p, data: p === 'datapackage-digest.json' ? Buffer.from(JSON.stringify(digest, null, 2) + '\n') : d })));
    const refused = await cli(['verify', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/datapackage-digest\.json : horodatage RFC 3161 invalide/);
    expect((await verifyWacz(bad)).ok).toBe(false);

    // Same key file, second capture: same signer; a non-empty folder is refused.
    const again = await cli([...args.slice(0, 3), path.join(root, 'c2'), ...args.slice(4).filter((a, i, all) => a !== '--tsa' && all[i - 1] !== '--tsa')]);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ signer: summary.signer, timestamp: null });
    expect((await cli(args)).code).toBe(2);
  });

  it('names a missing file and bad arguments', async () => {
    expect((await cli(['verify', path.join(root, 'absent.wacz')])).code).toBe(1);
    expect((await cli(['capture', 'file:///etc/passwd', '--out', path.join(root, 'x')])).code).not.toBe(0);
    expect((await cli(['capture', '--out'])).code).toBe(2);
    const short = await cli(['capture', 'https://site.example/', '--out', path.join(root, 'y'), '--budget', '5']);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/--budget : 10 secondes au moins/);
    expect(fs.existsSync(path.join(root, 'y'))).toBe(false);
  });
});
