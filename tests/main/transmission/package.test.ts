import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/main/cli';
import { tsaTimestamper, writePv } from '../../../src/main/capture';
import { readZip, writeZip } from '../../../src/main/capture/zip';
import { buildTransmissionPackage, packageKind, verifyTransmissionPackage, type TransmissionInput } from '../../../src/main/transmission';
import { startSite, type Site } from '../../fixtures/capture/site';
import { startTsa, type Tsa } from '../../fixtures/capture/tsa';
import { syntheticReport } from '../helpers/synthetic';
import { pdfText } from './pdf-text';
import { runCapture, TEST_KEY, type Run } from '../capture/helpers';

describe('transmission package', () => {
  let site: Site;
  let tsa: Tsa;
  let run: Run;
  let dir: string;
  let pvFile: string;
  beforeAll(async () => {
    site = await startSite();
    tsa = await startTsa();
    run = await runCapture(site, '/');
    pvFile = path.join(run.outDir, 'pv.pdf');
    fs.writeFileSync(pvFile, await writePv(run.result, {}));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-transmission-test-'));
  }, 90_000);
  afterAll(async () => {
    await site.close();
    await tsa.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const input = (name: string, extra: Partial<TransmissionInput> = {}): TransmissionInput => ({
    report: syntheticReport(7, 3),
    decision: { qualification: [{ id: 'cp-313-1', natinf: null, label: 'Escroquerie' }], orientation: { kind: 'territorial', service: 'dep-75' } },
    sections: [{ heading: 'Qualification', lines: ['Escroquerie (art. 313-1 du code pénal)'] }],
    recipient: 'Sûreté territoriale de Paris',
    officer: 'Brigadier Test',
    captures: [{ id: 'cap-1', url: `${site.http}/`, state: 'complete', reason: '', waczFile: run.result.waczFile, pvFile }],
    key: TEST_KEY,
    timestamper: null,
    outFile: path.join(dir, name),
    ...extra,
  });

  it('packs the report, the decision, the captures with their PV and a summary, and verifies intact', async () => {
    const built = await buildTransmissionPackage(input('ok.zip'));
    expect(built.files.map((f) => f.path)).toEqual(['report.json', 'decision.json', 'captures/cap-1.wacz', 'captures/cap-1-pv.pdf', 'summary.pdf']);
    const entries = await readZip(built.file);
    expect(entries.get('captures/cap-1.wacz')?.equals(fs.readFileSync(run.result.waczFile))).toBe(true);
    expect(JSON.parse(entries.get('decision.json')?.toString('utf8') ?? '{}')).toMatchObject({ orientation: { service: 'dep-75' } });
    const summary = pdfText(entries.get('summary.pdf') ?? Buffer.alloc(0));
    expect(summary).toContain('Sûreté territoriale de Paris');
    expect(summary).toContain(built.files.find((f) => f.path === 'captures/cap-1.wacz')?.sha256);
    const report = await verifyTransmissionPackage(built.file);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signer).toBe(TEST_KEY.fingerprint);
    expect(report.captures).toMatchObject([{ path: 'captures/cap-1.wacz', ok: true, state: 'complete' }]);
    expect(await packageKind(built.file)).toBe('transmission');
    expect(await packageKind(run.result.waczFile)).toBe('wacz');
  }, 60_000);

  it('flags partial and failed captures in the summary and the listing, with the count of complete ones', async () => {
    const built = await buildTransmissionPackage(input('flagged.zip', {
      captures: [
        { id: 'cap-partielle', url: `${site.http}/lent`, state: 'partial', reason: 'budget de temps atteint avant la fin du chargement', waczFile: run.result.waczFile, pvFile },
        { id: 'cap-echec', url: `${site.http}/bloque`, state: 'failed', reason: 'échec de la navigation : net::ERR_BLOCKED_BY_CLIENT', waczFile: null, pvFile: null },
      ],
    }));
    // The failed capture holds no page: listed, not joined.
    expect(built.files.map((f) => f.path)).toEqual(['report.json', 'decision.json', 'captures/cap-partielle.wacz', 'captures/cap-partielle-pv.pdf', 'summary.pdf']);
    const entries = await readZip(built.file);
    const summary = pdfText(entries.get('summary.pdf') ?? Buffer.alloc(0));
    expect(summary).toContain('0 capture complète sur 2 captures du signalement.');
    // (the PDF's dashes read back as another character: matched by a dot)
    expect(summary).toMatch(new RegExp(`Capture cap-partielle . ${site.http}/lent . CAPTURE PARTIELLE : budget de temps atteint`));
    expect(summary).toContain('Capture cap-echec');
    expect(summary).toContain('ÉCHEC de la capture : échec de la navigation : net::ERR_BLOCKED_BY_CLIENT (non jointe au paquet)');
    expect(summary).toContain('captures/cap-partielle.wacz [capture partielle]');
    const listing = JSON.parse(entries.get('datapackage.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(listing).toMatchObject({
      completeCaptures: 0,
      captures: [{ id: 'cap-partielle', state: 'partial', joined: true }, { id: 'cap-echec', state: 'failed', reason: expect.stringContaining('ERR_BLOCKED_BY_CLIENT'), joined: false }],
    });
    expect((await verifyTransmissionPackage(built.file)).problems).toEqual([]);
    const complete = pdfText((await readZip((await buildTransmissionPackage(input('complete.zip'))).file)).get('summary.pdf') ?? Buffer.alloc(0));
    expect(complete).toContain('1 capture complète sur 1 capture du signalement.');
    expect(complete).toMatch(/Capture cap-1 . \S+ . complète/);
  }, 60_000);

  it('names the entry when any single byte of any entry is flipped, and a capture damaged inside it', async () => {
    const built = await buildTransmissionPackage(input('base.zip'));
    const entries = await readZip(built.file);
    for (const [name, data] of entries) {
      const copy = Buffer.from(data);
      const at = Math.floor(copy.length / 2);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      const file = path.join(dir, `tampered-${name.replace(/\//g, '_')}.zip`);
      await writeZip(file, [...entries].map(([p, d]) => ({ path: p, data: p === name ? copy : d })));
      const report = await verifyTransmissionPackage(file);
      expect(report.ok, name).toBe(false);
      expect(report.problems.join('\n'), name).toContain(name);
    }
  }, 60_000);

  it('refuses a package re-listed after a change (the signature no longer matches) and an unlisted addition', async () => {
    const built = await buildTransmissionPackage(input('relisted.zip'));
    const entries = await readZip(built.file);
    const dp = JSON.parse(entries.get('datapackage.json')?.toString('utf8') ?? '{}') as { resources: { path: string; hash: string; bytes: number }[] };
    const forged = Buffer.from('{"forged":true}\n');
    const crypto = await import('node:crypto');
    for (const r of dp.resources) if (r.path === 'decision.json') Object.assign(r, { hash: `sha256:${crypto.createHash('sha256').update(forged).digest('hex')}`, bytes: forged.length });
    const relisted = path.join(dir, 'relisted-forged.zip');
    await writeZip(relisted, [...entries].map(([p, d]) => ({ path: p, data: p === 'decision.json' ? forged : p === 'datapackage.json' ? Buffer.from(JSON.stringify(dp)) : d })));
    expect((await verifyTransmissionPackage(relisted)).problems.join('\n')).toMatch(/datapackage.json : empreinte différente/);
    const extra = path.join(dir, 'extra.zip');
    await writeZip(extra, [...[...entries].map(([p, d]) => ({ path: p, data: d })), { path: 'captures/other.wacz', data: Buffer.from('x') }]);
    expect((await verifyTransmissionPackage(extra)).problems).toContain('captures/other.wacz : fichier non listé dans datapackage.json');
  }, 60_000);

  it('timestamps the seal with a real RFC 3161 authority, and never overwrites or escapes its folder', async () => {
    const built = await buildTransmissionPackage(input('stamped.zip', { timestamper: tsaTimestamper(tsa.url) }));
    expect(built.timestamp).not.toBeNull();
    const report = await verifyTransmissionPackage(built.file);
    expect(report.ok).toBe(true);
    expect(report.timestamp).toBe(built.timestamp);
    await expect(buildTransmissionPackage(input('stamped.zip'))).rejects.toThrow(/EEXIST/);
    await expect(buildTransmissionPackage(input('evil.zip', { captures: [{ id: '../../etc', url: 'https://x.example/', state: 'complete', reason: '', waczFile: run.result.waczFile, pvFile: null }] }))).rejects.toThrow(/identifiant de capture invalide/);
    expect(fs.existsSync(path.join(dir, 'evil.zip'))).toBe(false);
  }, 60_000);

  it('is checked by `pharos verify` like a capture: 0 and a summary when intact, 1 naming the altered file', async () => {
    const built = await buildTransmissionPackage(input('cli.zip'));
    const run = async (file: string) => {
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const code = await main(['verify', file]);
        return { code, out: out.mock.calls.map((c) => String(c[0])).join(''), err: err.mock.calls.map((c) => String(c[0])).join('') };
      } finally {
        out.mockRestore();
        err.mockRestore();
      }
    };
    const ok = await run(built.file);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, kind: 'transmission', captures: [{ ok: true }] });
    const entries = await readZip(built.file);
    const bad = path.join(dir, 'cli-bad.zip');
    await writeZip(bad, [...entries].map(([p, d]) => ({ path: p, data: p === 'report.json' ? Buffer.concat([d, Buffer.from(' ')]) : d })));
    const refused = await run(bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('ALTÉRÉ : report.json');
  }, 60_000);

  it('reports an unreadable file instead of crashing', async () => {
    const junk = path.join(dir, 'junk.zip');
    fs.writeFileSync(junk, 'not a zip');
    const report = await verifyTransmissionPackage(junk);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/archive ZIP illisible/);
    expect(await packageKind(junk)).toBeNull();
  });
});
