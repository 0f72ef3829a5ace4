import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaptureExport, CaptureImage, CaptureView, Session } from '@shared/api/contract';
import type { CaptureOptions } from '@shared/evidence/provenance';
import type { CaptureRecord } from '@shared/evidence/record';
import { KindedError } from '@shared/result';
import { verifyWacz, WACZ_FILE, type BrowserProvider } from '../capture';
import type { CaptureRow, LocalDb } from '../db';
import { openEvidenceStore, type EvidenceStore } from '../evidence';
import { evidenceKeyOf } from './keys';
import { runJob } from './job';
import { viewOf } from './view';

export type CaptureServiceDeps = {
  dataDir: string;
  requireDb(): LocalDb;
  session(): Promise<Session>;
  provider(): BrowserProvider;
  /** Engine options of this workstation (tests allow their fixture hosts). */
  options?: Partial<Omit<CaptureOptions, 'provider'>>;
  /** Where exports go when the officer names no folder. */
  exportDir: string;
  /** Opens a file with the desktop's viewer (Electron); absent in browser mode. */
  openFile?: (file: string) => Promise<void>;
  emit(view: CaptureView): void;
  /** Records the capture's metadata as a mutation for the server (outbox), throws when refused locally. */
  record(record: CaptureRecord): Promise<void>;
  /** A capture is ready to upload (after its record). */
  queued(): void;
};

export type CaptureService = {
  start(input: { reportId: string; url?: string }): Promise<CaptureView>;
  list(reportId: string): CaptureView[];
  image(captureId: string, image: 'screenshot-full' | 'screenshot-viewport'): Promise<CaptureImage>;
  export(input: { captureId: string; what: ('pv' | 'wacz')[]; folder?: string; open: boolean }): Promise<CaptureExport>;
  verify(captureId: string): Promise<CaptureView>;
  evidence(): EvidenceStore;
  /** Waits for the captures running now (tests). */
  idle(): Promise<void>;
  /** Shutdown: ends the captures running now (each closes its browser and is kept as failed) and waits for them. */
  stop(): Promise<void>;
};

const EXPORT_NAMES = { pv: 'pv.pdf', wacz: WACZ_FILE } as const;

export function createCaptureService(deps: CaptureServiceDeps): CaptureService {
  const running = new Set<Promise<void>>();
  let stopping = new AbortController();
  const evidence = (): EvidenceStore => openEvidenceStore(path.join(deps.dataDir, 'evidence'), evidenceKeyOf(deps.requireDb()));
  const row = (captureId: string): CaptureRow => {
    const r = deps.requireDb().captures.get(captureId);
    if (!r) throw new KindedError('not_found', 'Capture introuvable sur ce poste.');
    return r;
  };
  const artifact = async (r: CaptureRow, name: string): Promise<Buffer> => {
    const a = r.artifacts.find((x) => x.name === name);
    if (!a) throw new KindedError('not_found', `Pièce ${name} absente de cette capture${r.state === 'running' ? ' (capture en cours)' : ''}.`);
    return evidence().read(a.evidenceId);
  };
  const changed = (r: CaptureRow) => deps.emit(viewOf(r));

  return {
    async start({ reportId, url }) {
      const db = deps.requireDb();
      const session = await deps.session();
      if (!session) throw new KindedError('unauthorized', 'Connectez-vous pour capturer une page.');
      const report = db.getReport(reportId);
      if (!report) throw new KindedError('not_found', 'Signalement introuvable sur ce poste (pas encore synchronisé ?).');
      const target = url ?? report.urls[0];
      if (!target || !report.urls.includes(target)) throw new KindedError('validation', 'Seules les adresses du signalement peuvent être capturées depuis celui-ci.');
      const r: CaptureRow = {
        id: randomUUID(), reportId, url: target, finalUrl: null, state: 'running', reason: '', startedAt: new Date().toISOString(), endedAt: null,
        operator: session.user.displayName || session.user.username, steps: [], artifacts: [], waczSha256: null, waczBytes: null, signer: null,
        verification: null, uploadState: null, uploadSent: 0, uploadAttempts: 0, uploadNextAt: null, uploadError: null,
      };
      db.captures.insert(r);
      const store = evidence();
      const job = runJob(r, {
        db, evidence: store, provider: deps.provider(), workDir: path.join(deps.dataDir, 'capture-work'), options: deps.options ?? {}, changed,
        finished: (record) => void recordAndQueue(record), signal: stopping.signal,
      });
      running.add(job);
      void job.finally(() => running.delete(job));
      return viewOf(r);
    },
    list: (reportId) => deps.requireDb().captures.forReport(reportId).map(viewOf),
    async image(captureId, image) {
      const r = row(captureId);
      const name = `${image}.png`;
      const bytes = await artifact(r, name);
      return { name, mime: 'image/png', dataUrl: `data:image/png;base64,${bytes.toString('base64')}` };
    },
    async export({ captureId, what, folder, open }) {
      const r = row(captureId);
      if (folder !== undefined && !path.isAbsolute(folder)) throw new KindedError('validation', 'Le dossier d’export doit être un chemin absolu.');
      const dir = folder ?? path.join(deps.exportDir, r.id);
      const contents = await Promise.all(what.map(async (w) => ({ name: `${r.id}-${EXPORT_NAMES[w]}`, bytes: await artifact(r, EXPORT_NAMES[w]) })));
      await fs.mkdir(dir, { recursive: true });
      const files: string[] = [];
      for (const c of contents) {
        const file = path.join(dir, c.name);
        await fs.writeFile(file, c.bytes);
        files.push(file);
      }
      const first = files[0];
      const opened = Boolean(open && deps.openFile && first);
      if (opened && first && deps.openFile) await deps.openFile(first);
      return { files, folder: dir, opened };
    },
    async verify(captureId) {
      const r = row(captureId);
      const bytes = await artifact(r, WACZ_FILE);
      const tmp = await fs.mkdtemp(path.join(deps.dataDir, 'verify-'));
      try {
        const file = path.join(tmp, WACZ_FILE);
        await fs.writeFile(file, bytes);
        const report = await verifyWacz(file);
        const sameSigner = report.signer === r.signer;
        const problems = [...report.problems, ...(sameSigner ? [] : [`signé par ${report.signer ?? 'personne'} au lieu de ${r.signer ?? '?'}`])];
        const done = deps.requireDb().captures.update(r.id, { verification: { ok: report.ok && sameSigner, at: new Date().toISOString(), problems } });
        changed(done);
        return viewOf(done);
      } finally {
        await fs.rm(tmp, { recursive: true, force: true });
      }
    },
    evidence,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async stop() {
      stopping.abort();
      while (running.size > 0) await Promise.allSettled([...running]);
      stopping = new AbortController(); // a workstation opened again captures again
    },
  };

  async function recordAndQueue(record: CaptureRecord): Promise<void> {
    const db = deps.requireDb();
    try {
      await deps.record(record);
      changed(db.captures.update(record.captureId, { uploadState: 'waiting', uploadNextAt: new Date().toISOString() }));
      deps.queued();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      changed(db.captures.update(record.captureId, { uploadError: `capture non transmise au serveur : ${message}` }));
    }
  }
}
