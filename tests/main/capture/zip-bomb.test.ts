import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWacz, type VerifyReport } from '../../../src/main/capture';
import { genuineEntries, scratchDir } from './genuine';
import { forgeZip, type ForgeEntry } from './zip-forge';

// Decompression bombs: about 1 MB on disk, 1 GiB once inflated (the size of the one reported, which took
// 16 s and 2.2 GB of memory to be called damaged). Each must be refused in well under a second, its memory
// bounded, whatever the headers claim. And the real `pharos verify` binary refuses a forged package by name.

const WARC = 'archive/data.warc.gz';
const GiB = 1024 * 1024 * 1024;
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let dir: string;
let genuine: [string, Buffer][];
/** Raw deflate of 1 GiB of zeros: 16 flushed segments of 64 MiB, then an empty final block. */
let deflateBomb: Buffer;

beforeAll(async () => {
  dir = scratchDir('pharos-zip-bomb-');
  genuine = await genuineEntries(dir);
  const segment = deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  deflateBomb = Buffer.concat([...Array<Buffer>(16).fill(segment), Buffer.from([0x03, 0x00])]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const original = (): Buffer => genuine.find(([n]) => n === WARC)?.[1] ?? Buffer.alloc(0);

function withWarc(change: Partial<ForgeEntry>): string {
  const file = path.join(dir, `bomb-${Math.random().toString(36).slice(2)}.wacz`);
  fs.writeFileSync(file, forgeZip(genuine.map(([name, data]) => (name === WARC ? { name, data, ...change } : { name, data }))));
  return file;
}

/** Time and peak memory growth (RSS, sampled) of one verification. */
async function measured(file: string): Promise<{ report: VerifyReport; ms: number; rssGrowthMb: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const report = await verifyWacz(file);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { report, ms, rssGrowthMb: (peak - before) / (1024 * 1024) };
}

describe('decompression bombs', () => {
  it('an entry announced as 1 GiB deflated from 1 MB is refused before inflating', async () => {
    const file = withWarc({ method: 8, raw: deflateBomb, data: Buffer.alloc(0), central: { size: GiB, crc: 0 }, local: { size: GiB, crc: 0 } });
    expect(fs.statSync(file).size).toBeLessThan(1.2 * 1024 * 1024);
    const m = await measured(file);
    console.log(`bomb announced 1 GiB: ${m.ms.toFixed(0)} ms, RSS +${m.rssGrowthMb.toFixed(0)} MB`);
    expect(m.report.ok).toBe(false);
    expect(m.report.refusals).toContainEqual({ code: 'compression-ratio', entry: WARC });
    expect(m.ms).toBeLessThan(1000);
    expect(m.rssGrowthMb).toBeLessThan(256);
  });

  it('an entry announced at its signed size that inflates to 1 GiB stops at that size', async () => {
    const o = original();
    const file = withWarc({ method: 8, raw: deflateBomb, data: o });
    const m = await measured(file);
    console.log(`bomb announced at the signed size: ${m.ms.toFixed(0)} ms, RSS +${m.rssGrowthMb.toFixed(0)} MB`);
    expect(m.report.ok).toBe(false);
    expect(m.report.refusals).toContainEqual({ code: 'size-exceeded', entry: WARC });
    expect(m.report.problems.join('\n')).toContain(`${WARC} : se décompresse au-delà des ${o.length} octets annoncés`);
    expect(m.ms).toBeLessThan(1000);
    expect(m.rssGrowthMb).toBeLessThan(256);
  });

  it('a stored WARC replaced by a 1 GiB gzip bomb of the same size is called altered, and locating the damage stops early', async () => {
    // A capture whose WARC (a random page body: incompressible) is larger than the bomb, which is padded to its size.
    const big = [...(await genuineEntries(dir, randomBytes(1536 * 1024)))].map(([name, data]) => ({ name, data }));
    const signed = big.find((e) => e.name === WARC)?.data.length ?? 0;
    // A WARC record announcing 1 GiB of zeros: the header, then the bomb's segments (each flushed, so they chain).
    const header = deflateRawSync(Buffer.from('WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 1073741824\r\n\r\n'), { finishFlush: constants.Z_FULL_FLUSH });
    const gzipBomb = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), header, deflateBomb, Buffer.alloc(8)]);
    expect(gzipBomb.length).toBeLessThan(signed);
    const file = path.join(dir, 'gzip-bomb.wacz');
    fs.writeFileSync(file, forgeZip(big.map((e) => (e.name === WARC ? { name: WARC, data: Buffer.concat([gzipBomb, Buffer.alloc(signed - gzipBomb.length)]) } : e))));
    const m = await measured(file);
    console.log(`gzip bomb as the WARC: ${m.ms.toFixed(0)} ms, RSS +${m.rssGrowthMb.toFixed(0)} MB`);
    expect(m.report.ok).toBe(false);
    expect(m.report.problems.join('\n')).toMatch(/archive\/data\.warc\.gz : se décompresse au-delà de \d+ octets/);
    expect(m.ms).toBeLessThan(1000);
    expect(m.rssGrowthMb).toBeLessThan(256);
  });
});

function pharos(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/pharos.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('pharos verify (the real binary)', () => {
  it('exits 1 naming the duplicated entry of a forged package, 0 on the genuine one', async () => {
    const forged = path.join(dir, 'forged.wacz');
    fs.writeFileSync(forged, forgeZip([{ name: WARC, data: Buffer.from('forged') }, ...genuine.map(([name, data]) => ({ name, data }))]));
    const refused = await pharos(['verify', forged]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`ALTÉRÉ : ${WARC} : nom présent deux fois dans l’archive`);
    expect(JSON.parse(refused.out)).toMatchObject({ ok: false, refusals: [{ code: 'duplicate-name', entry: WARC }] });
    const intact = path.join(dir, 'intact.wacz');
    fs.writeFileSync(intact, forgeZip(genuine.map(([name, data]) => ({ name, data }))));
    const ok = await pharos(['verify', intact]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toMatch(/^intact : 4 fichiers vérifiés/);
    const capped = await pharos(['verify', intact, '--max-size', '0.001']);
    expect(capped.code).toBe(1);
    expect(JSON.parse(capped.out)).toMatchObject({ ok: false, refusals: [{ code: 'package-too-large', entry: null }] });
  }, 60_000);
});
