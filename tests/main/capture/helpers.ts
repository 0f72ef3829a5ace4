import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WARCParser, type WARCRecord } from 'warcio';
import { capture, chromiumProvider, keyFromPem, type CaptureRequest, type CaptureResult } from '../../../src/main/capture';
import { readZip } from '../../../src/main/capture/zip';
import type { Site } from '../../fixtures/capture/site';
import crypto from 'node:crypto';

export const TEST_KEY = keyFromPem(
  crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);

export type Run = { result: CaptureResult; outDir: string; profileRoot: string; ms: number };

/** One capture into a fresh folder; profiles go to their own folder so the test can check nothing is left. */
export async function runCapture(site: Site, urlPath: string, extra: Partial<CaptureRequest> = {}, opts: CaptureRequest['options'] = {}): Promise<Run> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pharos-capture-test-'));
  const outDir = path.join(root, 'out');
  const profileRoot = path.join(root, 'profiles');
  fs.mkdirSync(profileRoot);
  const t0 = Date.now();
  const result = await capture({
    url: urlPath.startsWith('http') ? urlPath : site.http + urlPath,
    outDir,
    provider: chromiumProvider({ profileRoot }),
    key: TEST_KEY,
    operator: 'Brigadier Test',
    reportId: 'R-TEST',
    ...extra,
    options: { allowHosts: [site.httpHost, site.httpsHost], timeBudgetMs: 20_000, scrollBudgetMs: 1_500, ...opts },
  });
  return { result, outDir, profileRoot, ms: Date.now() - t0 };
}

export async function waczEntries(file: string): Promise<Map<string, Buffer>> {
  return readZip(file);
}

export async function warcRecords(gz: Buffer): Promise<{ record: WARCRecord; payload: Uint8Array }[]> {
  const out: { record: WARCRecord; payload: Uint8Array }[] = [];
  for await (const record of new WARCParser([gunzipSync(gz)])) {
    out.push({ record, payload: await record.readFully(true) });
  }
  return out;
}

export function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
