import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Provenance } from '@shared/evidence/provenance';
import { DEFAULT_OPTIONS, TOOL_VERSION } from '../../../src/main/capture';
import { writeWacz } from '../../../src/main/capture/wacz';
import { WarcBuilder } from '../../../src/main/capture/warc';
import { readZip } from '../../../src/main/capture/zip';
import { TEST_KEY } from './helpers';

// A genuine signed WACZ built by the real packaging code (WARC writer, datapackage, seal) from a recorded
// exchange, without a browser: the starting point every forged package of the verifier tests is made from.

const URL_GIVEN = 'https://site.example/page';

function provenance(captureId: string): Provenance {
  const now = new Date().toISOString();
  return {
    captureId, reportId: 'R-TEST', operator: 'Brigadier Test', persona: null, legalBasis: '',
    startedAt: now, endedAt: now, urlGiven: URL_GIVEN, finalUrl: URL_GIVEN, redirectChain: [], httpStatus: 200,
    egressIp: null, remoteIp: '203.0.113.7', userAgent: 'test', browserVersion: 'test', toolVersion: TOOL_VERSION, os: 'test',
    options: { ...DEFAULT_OPTIONS, provider: 'test' }, blockedRequests: [], dnsAnswers: [], events: [], connections: [], missing: [], state: 'complete', reason: '', scroller: 'test',
  };
}

/** Writes a genuine capture package to `file`; the page body is `body` (default: a small HTML page). */
export async function genuineWacz(file: string, body: Buffer = Buffer.from('<html><body><h1>Preuve</h1></body></html>')): Promise<void> {
  const warc = new WarcBuilder();
  await warc.warcinfo({ software: TOOL_VERSION, browser: 'test', os: 'test', captureId: 'cap-test', userAgent: 'test' });
  await warc.exchange({
    key: 'L1#1', url: URL_GIVEN, method: 'GET', requestHeaders: {}, postData: null, startedAt: new Date().toISOString(), resourceType: 'Document',
    status: 200, statusText: 'OK', responseHeaders: { 'content-type': 'text/html' }, mimeType: 'text/html', remoteIp: '203.0.113.7', remotePort: 443,
    protocol: 'h2', security: null, body, error: null, rejected: false, connectionId: null,
  });
  await writeWacz({ file, warc: warc.bytes(), index: warc.index, provenance: provenance('cap-test'), title: 'Preuve', software: TOOL_VERSION, key: TEST_KEY, timestamper: null });
}

export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The entries of a genuine package, in the order written. */
export async function genuineEntries(dir: string, body?: Buffer): Promise<[string, Buffer][]> {
  const file = path.join(dir, `genuine-${Math.random().toString(36).slice(2)}.wacz`);
  await genuineWacz(file, body);
  return [...(await readZip(file))];
}
