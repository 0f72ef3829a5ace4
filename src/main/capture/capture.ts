import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import type { CaptureOptions, Provenance } from '@shared/evidence/provenance';
import { KindedError } from '@shared/result';
import { DEFAULT_BUDGET_MS, MIN_BUDGET_MS, phases } from './budget';
import type { BrowserProvider, BrowserSession } from './cdp';
import { attributeConnections, startEgressProxy, type EgressProxy } from './egress';
import { startGuard } from './guard';
import { watchHostile } from './hostile';
import { guardWorkers, type WorkerGuard } from './workers';
import { CaptureLog } from './log';
import { packageCapture, type Packaged } from './package';
import { NetworkRecorder } from './recorder';
import { decideState } from './outcome';
import { FULL_PAGE_MAX_HEIGHT } from './renderings';
import { browse, type RunContext, type RunResult } from './run';
import { parseAllowList, systemResolver, type Resolver } from './safety';
import type { SigningKey } from './signing';
import type { Timestamper } from './tsa';
import { collectTls } from './tls';
import { within } from './within';

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
  /** Ends the capture early (the workstation shuts down): the browser is closed, the package says why. */
  signal?: AbortSignal;
};

export const ABORTED_REASON = 'capture interrompue : arrêt demandé pendant la capture';

export type Step = { at: string; label: string };
export type CaptureResult = Packaged & { provenance: Provenance; steps: Step[] };

export const DEFAULT_OPTIONS: Omit<CaptureOptions, 'provider'> = {
  timeBudgetMs: DEFAULT_BUDGET_MS,
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

function checkBudget(ms: number): void {
  if (!Number.isFinite(ms) || ms < MIN_BUDGET_MS) {
    throw new KindedError('validation', `budget de temps trop court : ${MIN_BUDGET_MS / 1000} s au moins (chargement, rendus et signature le partagent)`);
  }
}

/** Capture one URL into `outDir`: WACZ (signed, optionally timestamped) and the renderings as files. */
export async function capture(req: CaptureRequest): Promise<CaptureResult> {
  checkUrl(req.url);
  const options: CaptureOptions = { ...DEFAULT_OPTIONS, ...req.options, provider: req.provider.name };
  checkBudget(options.timeBudgetMs);
  const allow = parseAllowList(options.allowHosts);
  await fs.mkdir(req.outDir, { recursive: true });
  const captureId = req.captureId ?? randomUUID();
  const startedAt = new Date();
  const budget = phases(startedAt.getTime(), options.timeBudgetMs);
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
    session = await req.provider.open({ viewport: options.viewport, proxy, signal: req.signal });
    const s = session;
    let bytes = 0;
    let closing = false;
    let signalFatal: (reason: string) => void = () => undefined;
    const fatal = new Promise<string>((resolve) => (signalFatal = resolve));
    void s.lost.then((reason) => signalFatal(reason));
    if (req.signal?.aborted) signalFatal(ABORTED_REASON);
    req.signal?.addEventListener('abort', () => signalFatal(ABORTED_REASON), { once: true });
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
    const ctx: RunContext = { session: s, recorder: rec, log, deadline: budget.loadUntil, renderUntil: budget.renderUntil, fatal, step };
    run = await browse(ctx, req.url, options.scrollBudgetMs, options.fullPageMaxHeight);
    // The last bodies and certificates come from the browser process, which answers even when the page's
    // renderer does not; what is not in by the end of the renderings' share of the budget is left out.
    const left = () => Math.max(500, budget.renderUntil - Date.now());
    if (run.outcome.kind !== 'fatal') {
      const facts = await within(collectTls(s.page, rec.exchanges), left());
      tls = facts === 'timeout' ? [] : facts;
    }
    closing = true;
    // A stuck renderer holds the bodies it was asked for: the browser is closed at once instead.
    await within(rec.settle(), run.stuck ? 0 : left());
    await within(guard.stop(), 1_000);
  } catch (e) {
    failure = req.signal?.aborted ? ABORTED_REASON : e instanceof Error ? e.message : String(e);
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
