import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { readZip } from '../../../src/main/capture/zip';
import { buildTransmissionPackage, packageKind, verifyTransmissionPackage, type TransmissionInput } from '../../../src/main/transmission';
import { syntheticReport } from '../helpers/synthetic';
import { genuineWacz, scratchDir } from '../capture/genuine';
import { TEST_KEY } from '../capture/helpers';
import { forgeZip } from '../capture/zip-forge';

// A transmission package is checked by the same evidence ZIP reader as a capture, and so is each capture
// inside it: a forged WACZ sealed into an otherwise genuine package is refused by name, the package itself
// may not hold two entries of one name, and a package whose captures were recompressed still verifies.

const WARC = 'archive/data.warc.gz';
let dir: string;
let waczFile: string;

beforeAll(async () => {
  dir = scratchDir('pharos-transmission-forged-');
  waczFile = path.join(dir, 'capture.wacz');
  await genuineWacz(waczFile);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const input = (name: string, wacz: string): TransmissionInput => ({
  report: syntheticReport(3, 9),
  decision: { qualification: { kind: 'offences' } },
  sections: [{ heading: 'Qualification', lines: ['Escroquerie (art. 313-1 du code pénal)'] }],
  recipient: 'Sûreté territoriale de Paris',
  officer: 'Brigadier Test',
  captures: [{ id: 'cap-1', url: 'https://exemple.fr/page', state: 'complete', reason: '', waczFile: wacz, pvFile: null }],
  key: TEST_KEY,
  timestamper: null,
  outFile: path.join(dir, name),
});

describe('transmission packages through the evidence ZIP reader', () => {
  it('refuses a forged capture sealed inside a genuine package, naming the capture and its entry', async () => {
    const entries = [...(await readZip(waczFile))].map(([name, data]) => ({ name, data }));
    const forged = path.join(dir, 'forged.wacz');
    fs.writeFileSync(forged, forgeZip([{ name: WARC, data: Buffer.from('forged') }, ...entries]));
    const built = await buildTransmissionPackage(input('with-forged.zip', forged));
    expect(await packageKind(built.file)).toBe('transmission');
    const report = await verifyTransmissionPackage(built.file);
    expect(report.ok).toBe(false);
    expect(report.captures).toMatchObject([{ path: 'captures/cap-1.wacz', ok: false }]);
    expect(report.refusals).toContainEqual({ code: 'duplicate-name', entry: `captures/cap-1.wacz › ${WARC}` });
    expect(report.problems).toContain(`captures/cap-1.wacz › ${WARC} : nom présent deux fois dans l’archive (les outils de décompression n’en gardent qu’un)`);
  });

  it('refuses a package holding one of its own files twice', async () => {
    const built = await buildTransmissionPackage(input('genuine.zip', waczFile));
    expect((await verifyTransmissionPackage(built.file)).ok).toBe(true);
    const entries = [...(await readZip(built.file))].map(([name, data]) => ({ name, data }));
    const twice = path.join(dir, 'twice.zip');
    fs.writeFileSync(twice, forgeZip([{ name: 'decision.json', data: Buffer.from('{"forged":true}\n') }, ...entries]));
    const report = await verifyTransmissionPackage(twice);
    expect(report.ok).toBe(false);
    expect(report.refusals).toContainEqual({ code: 'duplicate-name', entry: 'decision.json' });
  });

  it('still verifies a genuine package whose files were deflated (captures inflated to a private file)', async () => {
    const built = await buildTransmissionPackage(input('to-deflate.zip', waczFile));
    const zip = new yazl.ZipFile();
    for (const [name, data] of await readZip(built.file)) zip.addBuffer(data, name, { compress: true });
    zip.end();
    const deflated = path.join(dir, 'deflated.zip');
    await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(deflated)).on('close', () => resolve()).on('error', reject));
    const report = await verifyTransmissionPackage(deflated);
    expect(report.problems).toEqual([]);
    expect(report.captures).toMatchObject([{ path: 'captures/cap-1.wacz', ok: true, state: 'complete' }]);
  });
});
