import { KindedError, type CaptureView, type EventMap, type EventName, type Handlers, type Report } from '@shared';

type Deps = {
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  unlocked(): void;
  operator(): string;
  report(id: string): Report | null;
  steps: number;
};
type CaptureHandlers = Pick<Handlers, 'capture.start' | 'capture.list' | 'capture.image' | 'capture.export' | 'capture.verify' | 'capture.upload'>;

/** A 1×1 PNG: what the fake shows as a screenshot. */
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const SHA = (c: string) => c.repeat(64);

/** Captures in memory: steps emitted as events a few milliseconds apart, then a complete capture. */
export function fakeCaptures(d: Deps): CaptureHandlers {
  const captures = new Map<string, CaptureView>();
  const find = (id: string): CaptureView => {
    const c = captures.get(id);
    if (!c) throw new KindedError('not_found', 'no such capture');
    return c;
  };
  const put = (c: CaptureView): CaptureView => {
    captures.set(c.id, c);
    d.emit('capture.progress', c);
    return c;
  };
  const run = async (c: CaptureView): Promise<void> => {
    let cur = c;
    for (let i = 1; i <= d.steps; i++) {
      await new Promise((r) => setTimeout(r, 5));
      cur = put({ ...cur, steps: [...cur.steps, { at: new Date().toISOString(), label: `Étape ${i}` }] });
    }
    put({
      ...cur, state: 'complete', endedAt: new Date().toISOString(), finalUrl: cur.url, waczSha256: SHA('a'), signer: Array(32).fill('ab').join(':'),
      artifacts: [
        { name: 'capture.wacz', mime: 'application/wacz', bytes: 250_000, sha256: SHA('a') },
        { name: 'pv.pdf', mime: 'application/pdf', bytes: 90_000, sha256: SHA('b') },
        { name: 'screenshot-viewport.png', mime: 'image/png', bytes: 40_000, sha256: SHA('c') },
      ],
      upload: { state: 'waiting', sent: 0, total: 250_000, attempts: 0, error: null, nextAt: null },
    });
  };
  return {
    'capture.start': async ({ reportId, url }) => {
      d.unlocked();
      const report = d.report(reportId);
      if (!report) throw new KindedError('not_found', 'no such report');
      const c: CaptureView = {
        id: crypto.randomUUID(), reportId, url: url ?? report.urls[0] ?? '', finalUrl: null, state: 'running', reason: '', startedAt: new Date().toISOString(),
        endedAt: null, operator: d.operator(), steps: [], artifacts: [], waczSha256: null, signer: null, verification: null, upload: null,
      };
      captures.set(c.id, c);
      void run(c);
      return c;
    },
    'capture.list': async ({ reportId }) => (d.unlocked(), [...captures.values()].filter((c) => c.reportId === reportId)),
    'capture.image': async ({ captureId }) => (find(captureId), { name: 'screenshot-viewport.png', mime: 'image/png', dataUrl: PIXEL }),
    'capture.export': async ({ captureId, what, folder, open }) => {
      find(captureId);
      const dir = folder ?? `/home/agent/PHAROS/exports/${captureId}`;
      return { folder: dir, files: what.map((w) => `${dir}/${captureId}-${w === 'pv' ? 'pv.pdf' : 'capture.wacz'}`), opened: open };
    },
    'capture.verify': async ({ captureId }) => put({ ...find(captureId), verification: { ok: true, at: new Date().toISOString(), problems: [] } }),
    'capture.upload': async ({ captureId }) => {
      const c = find(captureId);
      return put({ ...c, upload: { state: 'done', sent: 250_000, total: 250_000, attempts: 1, error: null, nextAt: null } });
    },
  };
}
