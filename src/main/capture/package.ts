import fs from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactDigest, CaptureOptions, CaptureState, EgressConnection, MissingItem, Provenance, RedirectHop } from '@shared/evidence/provenance';
import type { BrowserVersions } from './cdp';
import type { CaptureRequest, Step } from './capture';
import { egressAddress } from './egress';
import type { CaptureLog } from './log';
import type { Exchange } from './recorder';
import type { Rendering } from './renderings';
import type { RunResult } from './run';
import { SCROLLER_NAME } from './scroller';
import { sha256Hex } from './signing';
import type { TlsFacts } from './tls';
import { writeWacz } from './wacz';
import { WarcBuilder } from './warc';

export const WACZ_FILE = 'capture.wacz';

export type Packaged = {
  waczFile: string;
  renderings: { name: string; file: string; mime: string; note: string; bytes: number; sha256: string }[];
  waczEntries: ArtifactDigest[];
  wacz: ArtifactDigest;
  signerFingerprint: string;
  timestamp: string | null;
  title: string;
};

export type PackageInput = {
  req: CaptureRequest;
  captureId: string;
  options: CaptureOptions;
  startedAt: Date;
  state: { state: CaptureState; reason: string; missing: MissingItem[] };
  steps: Step[];
  log: CaptureLog;
  run: RunResult | null;
  exchanges: Exchange[];
  tls: TlsFacts[];
  connections: EgressConnection[];
  versions: BrowserVersions | null;
  toolVersion: string;
  os: string;
  step(label: string): void;
};

/** The navigation's hops: the exchanges that share the navigation's request id, in order. */
function navigationHops(exchanges: Exchange[], loaderId: string | null): Exchange[] {
  if (!loaderId) return [];
  return exchanges.filter((e) => e.key.startsWith(`${loaderId}#`));
}

/** The workstation's address on the proxy's connection that carried the last hop (without the port). */
function localAddress(connections: EgressConnection[], last: Exchange | undefined): string | null {
  const local = connections.find((c) => c.id === last?.connectionId)?.local ?? null;
  return local ? local.replace(/:\d+$/, '') : null;
}

async function buildProvenance(p: PackageInput): Promise<Provenance> {
  const hops = navigationHops(p.exchanges, p.run?.loaderId ?? null);
  const last = hops.at(-1);
  const redirectChain: RedirectHop[] = hops
    .filter((h) => h.status !== null && h.status >= 300 && h.status < 400)
    .map((h) => ({ url: h.url, status: h.status ?? 0, location: h.responseHeaders.location ?? h.responseHeaders.Location ?? '' }));
  return {
    captureId: p.captureId,
    reportId: p.req.reportId ?? null,
    operator: p.req.operator,
    persona: p.req.persona ?? null,
    legalBasis: p.req.legalBasis ?? '',
    startedAt: p.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    urlGiven: p.req.url,
    finalUrl: last?.url ?? null,
    redirectChain,
    httpStatus: hops.filter((h) => h.status !== null).at(-1)?.status ?? null,
    egressIp: localAddress(p.connections, last) ?? (await egressAddress(last?.remoteIp ?? null)),
    remoteIp: last?.remoteIp ?? null,
    userAgent: p.versions?.userAgent ?? '',
    browserVersion: p.versions?.product ?? '',
    toolVersion: p.toolVersion,
    os: p.os,
    options: p.options,
    blockedRequests: p.log.blocked,
    dnsAnswers: p.log.dns,
    connections: p.connections,
    events: p.log.events,
    state: p.state.state,
    reason: p.state.reason,
    missing: p.state.missing,
    scroller: p.run?.scroller || SCROLLER_NAME,
  };
}

async function buildWarc(p: PackageInput, renderings: Rendering[]): Promise<WarcBuilder> {
  const warc = new WarcBuilder();
  await warc.warcinfo({
    software: p.toolVersion,
    browser: p.versions?.product ?? 'inconnu',
    os: p.os,
    captureId: p.captureId,
    userAgent: p.versions?.userAgent ?? '',
  });
  for (const ex of p.exchanges) await warc.exchange(ex);
  const now = new Date().toISOString();
  for (const t of p.tls) {
    await warc.tls({ origin: t.origin, details: t.details, pemChain: t.pemChain, refersTo: warc.responseIds.get(t.firstKey) ?? null }, now);
  }
  for (const r of renderings) await warc.rendering(r, p.captureId, now);
  return warc;
}

export async function packageCapture(p: PackageInput): Promise<Packaged & { provenance: Provenance; steps: Step[] }> {
  const renderings = p.run?.renderings ?? [];
  const warc = await buildWarc(p, renderings);
  const provenance = await buildProvenance(p);
  const waczFile = path.join(p.req.outDir, WACZ_FILE);
  if (p.req.timestamper) p.step('Horodatage RFC 3161 de la signature');
  const w = await writeWacz({
    file: waczFile,
    warc: warc.bytes(),
    index: warc.index,
    provenance,
    title: p.run?.title ?? '',
    software: p.toolVersion,
    key: p.req.key,
    timestamper: p.req.timestamper ?? null,
  });
  const files = [];
  for (const r of renderings) {
    // 'wx': a capture folder is never overwritten; each capture writes only inside its own folder.
    await fs.writeFile(path.join(p.req.outDir, r.file), r.bytes, { flag: 'wx' });
    files.push({ name: r.name, file: r.file, mime: r.mime, note: r.note, bytes: r.bytes.length, sha256: sha256Hex(r.bytes) });
  }
  const waczBytes = await fs.readFile(waczFile);
  return {
    provenance,
    steps: p.steps,
    waczFile,
    renderings: files,
    waczEntries: w.files,
    wacz: { path: WACZ_FILE, bytes: waczBytes.length, sha256: sha256Hex(waczBytes) },
    signerFingerprint: p.req.key.fingerprint,
    timestamp: w.timestamp,
    title: p.run?.title ?? '',
  };
}
