import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import type { CaptureOptions, CaptureState, Provenance } from '@shared/evidence/provenance';
import { KindedError } from '@shared/result';
import type { BrowserProvider, BrowserSession } from './cdp';
import { attributeConnections, startEgressProxy, type EgressProxy } from './egress';
import { startGuard } from './guard';
import { watchHostile } from './hostile';
import { guardWorkers, type WorkerGuard } from './workers';
import { CaptureLog } from './log';
import { packageCapture, type Packaged } from './package';
import { NetworkRecorder } from './recorder';
import { FULL_PAGE_MAX_HEIGHT } from './renderings';
import { browse, type RunContext, type RunResult } from './run';
import { parseAllowList, systemResolver, type Resolver } from './safety';
import type { SigningKey } from './signing';
import type { Timestamper } from './tsa';
import { collectTls } from './tls';

export const TOOL_VERSION = 'PHAROS Workstation capture 0.1.0';

export type CaptureRequest = {
  url: string;
  outDir: string;
  provider: BrowserProvider;
  key: SigningKey;
  operator: string;
  persona?: string | null;
  reportId?: string | null;
  legalBasis?: string;
  timestamper?: Timestamper | null;
  resolver?: Resolver;
  options?: Partial<Omit<CaptureOptions, 'provider'>>;
  onStep?: (label: string) => void;
  /** Given by a caller that records the capture before it starts (the workstation); a new one otherwise. */
  captureId?: string;
};

export type Step = { at: string; label: string };
export type CaptureResult = Packaged & { provenance: Provenance; steps: Step[] };

export const DEFAULT_OPTIONS: Omit<CaptureOptions, 'provider'> = {
  timeBudgetMs: 60_000,
  sizeBudgetBytes: 200 * 1024 * 1024,
  scrollBudgetMs: 10_000,
  viewport: { width: 1280, height: 800 },
  fullPageMaxHeight: FULL_PAGE_MAX_HEIGHT,
  allowHosts: [],
  acceptInvalidCertificates: false,
};

function checkUrl(raw: string): void {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new KindedError('validation', `adresse invalide : ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new KindedError('validation', `seules les adresses http(s) sont capturées (${u.protocol})`);
}

/** Capture one URL into `outDir`: WACZ (signed, optionally timestamped) and the renderings as files. */
export async function capture(req: CaptureRequest): Promise<CaptureResult> {
  checkUrl(req.url);
  const options: CaptureOptions = { ...DEFAULT_OPTIONS, ...req.options, provider: req.provider.name };
  const allow = parseAllowList(options.allowHosts);
  await fs.mkdir(req.outDir, { recursive: true });
  const captureId = req.captureId ?? randomUUID();
  const startedAt = new Date();
  const steps: Step[] = [];
  const step = (label: string) => {
    steps.push({ at: new Date().toISOString(), label });
    req.onStep?.(label);
  };
  const log = new CaptureLog();
  step('Lancement d’un navigateur isolé (profil neuf)');
  let session: BrowserSession | null = null;
  let run: RunResult | null = null;
  let recorder: NetworkRecorder | null = null;
  let workers: WorkerGuard | null = null;
  let failure: string | null = null;
  let sizeExceeded = false;
  let tls: Awaited<ReturnType<typeof collectTls>> = [];
  let egress: EgressProxy | null = null;
  try {
    // Every socket of the browser goes through this proxy, which checks each address it connects to.
    egress = await startEgressProxy({ allow, resolve: req.resolver ?? systemResolver, log });
    const proxy = egress;
    session = await req.provider.open({ viewport: options.viewport, proxy });
    const s = session;
    let bytes = 0;
    let closing = false;
    let signalFatal: (reason: string) => void = () => undefined;
    const fatal = new Promise<string>((resolve) => (signalFatal = resolve));
    void s.lost.then((reason) => signalFatal(reason));
    const docBodies = new Map<string, Uint8Array>();
    const hostile = await watchHostile(s, log, signalFatal);
    const rec = new NetworkRecorder(s.page, allow, log, {
      onBytes: (n) => {
        bytes += n;
        if (bytes > options.sizeBudgetBytes) sizeExceeded = true;
      },
      onFatal: signalFatal,
      documentBody: (id) => docBodies.get(id),
      viaProxy: (ip, port) => ip === proxy.host && port === proxy.port,
    }, s.pageTargetId);
    recorder = rec;
    const guard = await startGuard(s.control, allow, proxy.resolver.asResolver(), log, {
      accepting: () => (closing ? { ok: false, reason: 'after-end' } : sizeExceeded ? { ok: false, reason: 'size-budget' } : { ok: true }),
      isPopupFrame: hostile.isPopupFrame,
      documentBody: (id, body) => docBodies.set(id, body),
    });
    await prepare(s, rec, options);
    workers = await guardWorkers(s, log, (w) => rec.follow(w));
    const ctx: RunContext = { session: s, recorder: rec, log, deadline: startedAt.getTime() + options.timeBudgetMs, fatal, step };
    run = await browse(ctx, req.url, options.scrollBudgetMs, options.fullPageMaxHeight);
    if (run.outcome.kind !== 'fatal') tls = await collectTls(s.page, rec.exchanges);
    closing = true;
    await Promise.race([rec.settle(), new Promise((r) => setTimeout(r, 5_000))]);
    await guard.stop();
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    log.event('step-error', failure);
  } finally {
    workers?.stop();
    await session?.close().catch(() => undefined);
    await egress?.close(); // its sockets would keep the process alive
  }
  if (egress && recorder) attributeConnections(recorder.exchanges, tls, egress.connections, egress);
  const state = decideState(run, failure, sizeExceeded);
  step('Archivage : WARC, index, paquet WACZ signé');
  return packageCapture({
    req,
    captureId,
    options,
    startedAt,
    state,
    steps,
    log,
    run,
    exchanges: recorder?.exchanges ?? [],
    tls,
    connections: egress?.connections ?? [],
    versions: session?.versions ?? null,
    toolVersion: TOOL_VERSION,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    step,
  });
}

async function prepare(s: BrowserSession, rec: NetworkRecorder, options: CaptureOptions): Promise<void> {
  await s.page.send('Page.enable');
  await rec.start();
  await s.page.send('Emulation.setDeviceMetricsOverride', { ...options.viewport, deviceScaleFactor: 1, mobile: false });
  if (options.acceptInvalidCertificates) await s.control.send('Security.setIgnoreCertificateErrors', { ignore: true });
}

function decideState(run: RunResult | null, failure: string | null, sizeExceeded: boolean): { state: CaptureState; reason: string } {
  if (failure) return { state: 'failed', reason: failure };
  if (!run) return { state: 'failed', reason: 'la capture n’a pas démarré' };
  switch (run.outcome.kind) {
    case 'fatal':
      return { state: 'failed', reason: run.outcome.reason };
    case 'timeout':
      return { state: 'partial', reason: 'budget de temps atteint avant la fin du chargement' };
    case 'ok':
      break;
  }
  if (run.navigationError) return { state: 'failed', reason: `échec de la navigation : ${run.navigationError}` };
  if (sizeExceeded) return { state: 'partial', reason: 'budget de taille atteint : les ressources suivantes n’ont pas été chargées' };
  return { state: 'complete', reason: '' };
}
