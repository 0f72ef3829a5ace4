import fs from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePv } from '../../../src/main/capture';
import { startSite, type Site } from '../../fixtures/capture/site';
import { runCapture, waczEntries } from './helpers';

// A capture ends within its overall budget, whatever the page does, and says what it lacks: complete only
// with every rendering, otherwise partial with each missing item and why (summary, provenance, PV).

const BUDGET_MS = 20_000;
/** Past the budget: the last awaits of the packaging on a loaded machine. */
const MARGIN_MS = 3_000;
const RENDERINGS = ['screenshot-full.png', 'screenshot-viewport.png', 'page.pdf', 'page.mhtml', 'dom.html', 'text.txt'];

/** The text the PV draws: pdf-lib writes each line as a hex string of WinAnsi codes in a deflated stream. */
function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) lines.push(Buffer.from(t[1] ?? '', 'hex').toString('latin1'));
  }
  return lines.join('\n');
}

describe('a capture within its budget', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('a page whose script spins forever after load: ends in time, partial, every rendering listed as missing', async () => {
    const run = await runCapture(site, '/spin', {}, { timeBudgetMs: BUDGET_MS });
    const p = run.result.provenance;
    expect(run.ms).toBeLessThanOrEqual(BUDGET_MS + MARGIN_MS);
    expect(p.state).toBe('partial');
    expect(p.missing.map((m) => m.item)).toEqual(RENDERINGS);
    for (const m of p.missing) expect(m.reason).toMatch(/ne répond plus/);
    expect(p.reason).toMatch(/manquent : capture pleine page/);
    expect(run.result.renderings).toEqual([]);
    // The same list in the package's provenance.json and in the PV.
    const entries = await waczEntries(path.join(run.outDir, 'capture.wacz'));
    expect(JSON.parse(entries.get('provenance.json')?.toString('utf8') ?? '{}')).toMatchObject({ state: 'partial', missing: p.missing });
    const pv = pdfText(await writePv(run.result, {}));
    expect(pv).toContain('Résultat : capture partielle');
    expect(pv).toContain('Éléments manquants (6) :');
    for (const item of RENDERINGS) expect(pv).toContain(`${item} : la page ne répond plus`);
    expect(fs.readdirSync(run.outDir)).toEqual(['capture.wacz']);
  }, 60_000);

  it('a response that never ends (a byte a second): ends in time, partial, the unfinished load listed, the bytes that came rendered', async () => {
    const run = await runCapture(site, '/trickle', {}, { timeBudgetMs: BUDGET_MS });
    const p = run.result.provenance;
    expect(run.ms).toBeLessThanOrEqual(BUDGET_MS + MARGIN_MS);
    expect(p.state).toBe('partial');
    expect(p.missing).toEqual([expect.objectContaining({ item: 'chargement complet de la page', reason: expect.stringMatching(/budget de temps/) })]);
    expect(p.httpStatus).toBe(200);
    expect(run.result.renderings.map((r) => r.file).sort()).toEqual([...RENDERINGS].sort());
    const text = run.result.renderings.find((r) => r.file === 'text.txt');
    expect(text?.bytes).toBeGreaterThan(0);
  }, 60_000);

  it('a normal page is still complete, with nothing missing, well within the budget', async () => {
    const run = await runCapture(site, '/', {}, { timeBudgetMs: BUDGET_MS });
    expect(run.result.provenance).toMatchObject({ state: 'complete', reason: '', missing: [] });
    expect(run.result.renderings).toHaveLength(6);
  }, 60_000);

  it('refuses a budget too short to share, changing nothing', async () => {
    await expect(runCapture(site, '/', {}, { timeBudgetMs: 3_000 })).rejects.toThrow(/budget de temps trop court/);
  });
});
