import { randomUUID } from 'node:crypto';
import { WARCRecord, WARCSerializer } from 'warcio';
import type { Exchange } from './recorder';
import type { Rendering } from './renderings';

// WARC 1.1 (ISO 28500) writer: one gzip member per record so that the CDXJ index can point at each one.
// Bodies come from the browser already decoded, so Content-Encoding / Transfer-Encoding are removed from the
// stored headers and Content-Length is set to the stored length (otherwise replay would decode twice).

export const WARC_NAME = 'data.warc.gz';
const DIGEST = { algo: 'sha-256', prefix: 'sha256:', base32: false } as const;

export type TlsOrigin = {
  origin: string;
  details: Record<string, unknown>;
  pemChain: string[];
  refersTo: string | null; // record id of the first response from this origin
};

export type WarcInfo = { software: string; browser: string; os: string; captureId: string; userAgent: string };

export type CdxEntry = {
  url: string;
  date: string; // WARC-Date
  mime: string;
  status: number | null;
  digest: string;
  offset: number;
  length: number;
  recordId: string;
};

const DROPPED = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

function storedHeaders(h: Record<string, string>, bodyLength: number): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(h)) {
    if (name.startsWith(':') || DROPPED.has(name.toLowerCase())) continue;
    // The browser joins repeated headers with newlines; a WARC keeps them as repeated lines.
    for (const v of value.split('\n')) out.push([name, v]);
  }
  out.push(['Content-Length', String(bodyLength)]);
  return out;
}

const recordId = () => `<urn:uuid:${randomUUID()}>`;

export class WarcBuilder {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  readonly index: CdxEntry[] = [];
  readonly responseIds = new Map<string, string>(); // exchange key → response record id

  private async add(record: WARCRecord, status: number | null, mime: string): Promise<void> {
    const bytes = await WARCSerializer.serialize(record, { gzip: true, digest: DIGEST });
    const type = record.warcType;
    if (type === 'response' || type === 'resource') {
      this.index.push({
        url: record.warcTargetURI ?? '',
        date: record.warcDate ?? '',
        mime,
        status,
        digest: record.warcPayloadDigest ?? record.warcBlockDigest ?? '',
        offset: this.size,
        length: bytes.length,
        recordId: record.warcHeader('WARC-Record-ID') ?? '',
      });
    }
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  async warcinfo(info: WarcInfo): Promise<void> {
    const record = WARCRecord.createWARCInfo(
      { filename: WARC_NAME, warcVersion: 'WARC/1.1' },
      {
        software: info.software,
        browser: info.browser,
        'http-header-user-agent': info.userAgent,
        os: info.os,
        format: 'WARC File Format 1.1',
        conformsTo: 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
        'capture-id': info.captureId,
      },
    );
    await this.add(record, null, '');
  }

  async exchange(ex: Exchange): Promise<void> {
    if (ex.status === null || ex.rejected) return; // no response arrived: the failure is in the provenance
    const body = ex.body ?? new Uint8Array();
    const responseId = recordId();
    const ip: Record<string, string> = ex.remoteIp ? { 'WARC-IP-Address': ex.remoteIp } : {};
    const response = WARCRecord.create(
      {
        url: ex.url,
        date: ex.startedAt,
        type: 'response',
        warcVersion: 'WARC/1.1',
        statusline: `HTTP/1.1 ${ex.status} ${ex.statusText || 'Status'}`,
        httpHeaders: storedHeaders(ex.responseHeaders, body.length),
        warcHeaders: { 'WARC-Record-ID': responseId, ...ip },
      },
      [body],
    );
    await this.add(response, ex.status, ex.mimeType || (ex.responseHeaders['content-type'] ?? ''));
    this.responseIds.set(ex.key, responseId);
    const u = new URL(ex.url);
    const post = ex.postData ? Buffer.from(ex.postData, 'utf8') : new Uint8Array();
    const reqHeaders = storedHeaders({ Host: u.host, ...ex.requestHeaders }, post.length).filter(
      ([n]) => post.length > 0 || n !== 'Content-Length',
    );
    const request = WARCRecord.create(
      {
        url: ex.url,
        date: ex.startedAt,
        type: 'request',
        warcVersion: 'WARC/1.1',
        statusline: `${ex.method} ${u.pathname}${u.search} HTTP/1.1`,
        httpHeaders: reqHeaders,
        warcHeaders: { 'WARC-Record-ID': recordId(), 'WARC-Concurrent-To': responseId, ...ip },
      },
      [post],
    );
    await this.add(request, null, '');
  }

  async tls(t: TlsOrigin, date: string): Promise<void> {
    const body = Buffer.from(JSON.stringify({ origin: t.origin, ...t.details, certificateChainPem: t.pemChain }, null, 2));
    const refers: Record<string, string> = t.refersTo ? { 'WARC-Refers-To': t.refersTo } : {};
    const record = WARCRecord.create(
      {
        url: t.origin,
        date,
        type: 'metadata',
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'Content-Type': 'application/json', 'WARC-Record-ID': recordId(), ...refers },
      },
      [body],
    );
    await this.add(record, null, 'application/json');
  }

  async rendering(r: Rendering, captureId: string, date: string): Promise<void> {
    const record = WARCRecord.create(
      {
        url: `urn:pharos:${captureId}/${r.file}`,
        date,
        type: 'resource',
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'Content-Type': r.mime, 'WARC-Record-ID': recordId() },
      },
      [r.bytes],
    );
    await this.add(record, 200, r.mime);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
