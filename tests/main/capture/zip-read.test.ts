import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { verifyWacz, type ZipRefusalCode } from '../../../src/main/capture';
import { genuineEntries, genuineWacz, scratchDir } from './genuine';
import { forgeZip, type ForgeEntry, type ForgeOptions } from './zip-forge';

// Each forged package starts from a genuine signed WACZ (real WARC writer, datapackage and seal) and
// changes one thing, byte for byte. The verifier must refuse it by reason code, naming the entry — and the
// untouched package, rewritten by the same raw writer, by yazl as ZIP64 or deflated, must still verify.

const WARC = 'archive/data.warc.gz';
let dir: string;
let genuine: [string, Buffer][];
let n = 0;

beforeAll(async () => {
  dir = scratchDir('pharos-zip-read-');
  genuine = await genuineEntries(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const plain = (): ForgeEntry[] => genuine.map(([name, data]) => ({ name, data }));
const dataOf = (name: string): Buffer => genuine.find(([n]) => n === name)?.[1] ?? Buffer.alloc(0);

function write(bytes: Buffer): string {
  const file = path.join(dir, `forged-${++n}.wacz`);
  fs.writeFileSync(file, bytes);
  return file;
}

async function refused(entries: ForgeEntry[], o: ForgeOptions, code: ZipRefusalCode, entry: string | null): Promise<string[]> {
  const report = await verifyWacz(write(forgeZip(entries, o)));
  expect(report.ok).toBe(false);
  expect(report.refusals).toContainEqual({ code, entry });
  if (entry !== null) expect(report.problems.join('\n')).toContain(entry);
  return report.problems;
}

/** The genuine entries with `change` applied to the one named `name`. */
const withEntry = (name: string, change: Partial<ForgeEntry>): ForgeEntry[] => plain().map((e) => (e.name === name ? { ...e, ...change } : e));

describe('the evidence ZIP reader keeps a genuine package verifiable', () => {
  it('as written by the capture, by a raw writer, deflated with data descriptors, and as ZIP64 by yazl', async () => {
    const original = path.join(dir, 'original.wacz');
    await genuineWacz(original);
    expect((await verifyWacz(original)).problems).toEqual([]);
    expect((await verifyWacz(write(forgeZip(plain())))).problems).toEqual([]);
    expect((await verifyWacz(write(forgeZip(plain().map((e) => ({ ...e, method: 8, descriptor: true })))))).problems).toEqual([]);
    for (const options of [{ compress: false, forceZip64Format: true }, { compress: true }]) {
      const zip = new yazl.ZipFile();
      for (const [name, data] of genuine) zip.addReadStream(fs.createReadStream(write(data)), name, options);
      zip.end({ forceZip64Format: options.forceZip64Format === true, comment: '' });
      const file = path.join(dir, `yazl-${++n}.wacz`);
      await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()).on('error', reject));
      const report = await verifyWacz(file);
      expect(report.problems, JSON.stringify(options)).toEqual([]);
      expect(report.ok).toBe(true);
    }
  });
});

describe('a WARC altered inside a well-formed archive', () => {
  it('is streamed to name the changed record', async () => {
    const raw = gunzipSync(dataOf(WARC));
    raw[raw.indexOf('Preuve')] = 0x58;
    const report = await verifyWacz(write(forgeZip(withEntry(WARC, { data: gzipSync(raw) }))));
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/archive\/data\.warc\.gz : enregistrement <urn:uuid:[0-9a-f-]+> \(response https:\/\/site\.example\/page\) modifié/);
  });
});

describe('the evidence ZIP reader refuses, naming the entry', () => {
  it('a duplicated name, the forged copy first (what unzip tools extract)', async () => {
    const forged = { name: WARC, data: Buffer.from('forged') };
    const problems = await refused([forged, ...plain()], {}, 'duplicate-name', WARC);
    expect(problems.join('\n')).toMatch(/deux fois/);
    await refused([...plain(), forged], {}, 'duplicate-name', WARC);
  });

  it('names equal once case-folded or Unicode-normalised', async () => {
    await refused([...plain(), { name: 'ARCHIVE/Data.warc.gz', data: Buffer.from('x') }], {}, 'ambiguous-name', 'ARCHIVE/Data.warc.gz');
    await refused([...plain(), { name: 'archive/data.warc.\uff47z', data: Buffer.from('x') }], {}, 'ambiguous-name', 'archive/data.warc.\uff47z');
    await refused([...plain(), { name: 'notes/\u00e9.txt', data: Buffer.from('x') }, { name: 'notes/e\u0301.txt', data: Buffer.from('y') }], {}, 'ambiguous-name', 'notes/e\u0301.txt');
    await refused([...plain(), { name: 'archive/data.warc.gz.', data: Buffer.from('x') }], {}, 'ambiguous-name', 'archive/data.warc.gz.');
    await refused([...plain(), { name: 'archive/data.warc.gz/x', data: Buffer.from('x') }], {}, 'path-conflict', WARC);
  });

  it('an entry that datapackage.json does not list', async () => {
    const problems = await refused([...plain(), { name: 'notes.txt', data: Buffer.from('hors datapackage') }], {}, 'unlisted-entry', 'notes.txt');
    expect(problems).toContain('notes.txt : fichier non listé dans datapackage.json');
  });

  it('unsafe names: "..", absolute, backslash, empty, control characters, empty segments, bad UTF-8', async () => {
    const cases: [string | Buffer, ZipRefusalCode, string][] = [
      ['../x', 'dot-segment', '../x'],
      ['archive/./x', 'dot-segment', 'archive/./x'],
      ['/abs', 'absolute-path', '/abs'],
      ['C:/x', 'absolute-path', 'C:/x'],
      ['archive\\x', 'backslash', 'archive\\x'],
      ['', 'empty-name', `entrée n° ${genuine.length + 1}`],
      ['a\u0000b', 'control-character', 'a\\u{0000}b'],
      ['a\u202eb', 'control-character', 'a\\u{202e}b'],
      ['archive//x', 'empty-segment', 'archive//x'],
      [Buffer.from([0x61, 0xff, 0x62]), 'name-encoding', `entrée n° ${genuine.length + 1}`],
    ];
    for (const [name, code, entry] of cases) await refused([...plain(), { name, data: Buffer.from('x') }], {}, code, entry);
  });

  it('a folder entry holding data, a symbolic link, an encrypted entry, an unsupported method or flag', async () => {
    await refused([...plain(), { name: 'archive/', data: Buffer.from('cachée') }], {}, 'directory-with-data', 'archive/');
    await refused([...plain(), { name: 'lien', data: Buffer.from('/etc/passwd'), central: { externalAttr: 0o120777 << 16 } }], {}, 'special-file', 'lien');
    await refused(withEntry(WARC, { central: { flags: 0x0801 }, local: { flags: 0x0801 } }), {}, 'encrypted', WARC);
    await refused(withEntry(WARC, { method: 12, raw: dataOf(WARC) }), {}, 'unsupported-method', WARC);
    await refused(withEntry(WARC, { central: { flags: 0x0820 }, local: { flags: 0x0820 } }), {}, 'unsupported-flags', WARC);
    await refused(withEntry(WARC, { central: { extra: Buffer.from([0x75, 0x70, 5, 0, 1, 0x61, 0x62, 0x63, 0x64]) } }), {}, 'extra-field', WARC);
  });

  it('a central directory that disagrees with the local headers', async () => {
    const fields: ForgeEntry['local'][] = [{ name: Buffer.from('archive/data.warc.gy') }, { method: 8 }, { crc: 1234 }, { size: 10 }, { csize: 10 }, { flags: 0 }];
    for (const local of fields) await refused(withEntry(WARC, { local }), {}, 'header-mismatch', WARC);
  });

  it('bytes before, between and after the entries, a comment, a second end record', async () => {
    const junk = Buffer.from('MZ-stub-before-the-archive');
    await refused(plain(), { prepend: junk }, 'data-before-entries', null);
    await refused(plain(), { prepend: junk, unshift: junk.length }, 'data-before-entries', null);
    const second = plain();
    second[1] = { ...second[1], name: second[1]?.name ?? '', data: second[1]?.data ?? Buffer.alloc(0), before: Buffer.from('hidden') };
    await refused(second, {}, 'data-between-entries', null);
    await refused(plain(), { beforeCentral: Buffer.from('hidden') }, 'data-between-entries', null);
    await refused(plain(), { beforeEnd: Buffer.from('hidden') }, 'data-after-central-directory', null);
    await refused(plain(), { append: Buffer.from('appended after the end') }, 'data-after-end', null);
    await refused(plain(), { comment: Buffer.from('commentaire') }, 'archive-comment', null);
    await refused(withEntry(WARC, { central: { comment: Buffer.from('note') } }), {}, 'entry-comment', WARC);
    const endRecord = forgeZip([]);
    await refused(plain(), { beforeEnd: endRecord }, 'multiple-end-records', null);
    await refused(plain(), { append: forgeZip([{ name: WARC, data: Buffer.from('forged') }]) }, 'multiple-end-records', null);
  });

  it('wrong entry counts, overlapping entries, inconsistent ZIP64 values', async () => {
    await refused(plain(), { count: genuine.length - 1 }, 'count-mismatch', null);
    await refused(plain(), { count: genuine.length + 1 }, 'count-mismatch', null);
    const overlap = plain();
    const last = overlap.length - 1;
    overlap[last] = { ...(overlap[last] as ForgeEntry), central: { offset: 0 } };
    await refused(overlap, {}, 'overlapping-entries', overlap[last]?.name as string);
    await refused(withEntry(WARC, { central: { csize: 0xffffffff } }), {}, 'zip64-inconsistent', WARC);
  });

  it('data whose CRC-32, sizes or deflate stream are not the ones recorded, even when the SHA-256 still matches', async () => {
    await refused(withEntry(WARC, { central: { crc: 42 }, local: { crc: 42 } }), {}, 'crc-mismatch', WARC);
    await refused(withEntry(WARC, { descriptor: true, central: { crc: 42 } }), {}, 'descriptor-mismatch', WARC);
    const size = dataOf(WARC).length + 1;
    await refused(withEntry(WARC, { central: { size }, local: { size } }), {}, 'size-mismatch', WARC);
    const trailing = Buffer.concat([deflateRawSync(dataOf(WARC)), Buffer.from('bytes hidden after the deflate stream')]);
    await refused(withEntry(WARC, { method: 8, raw: trailing }), {}, 'compressed-data-mismatch', WARC);
  });
});
