// Catalog search on the workstation: the built-in taxonomy, the 100 real NATINF rows and 17 000
// synthetic ones in the encrypted store; varied queries as an officer types them (codes, code prefixes,
// articles, words, word prefixes), with and without the report's category. Prints p50/p95/max per kind
// (target p95 ≤ 15 ms) and, as a baseline measured in the same run, a plain LIKE scan for the words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BUILTIN_OFFENCES, type Category } from '../src/shared';
import { openLocalDb } from '../src/main/db/index';
import { syntheticOffences, templates } from './support/natinf-synthetic';

const COUNT = Number(process.env.BENCH_CATALOG_OFFENCES ?? 17_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const dir = mkdtempSync(path.join(tmpdir(), 'pharos-bench-catalog-search-'));
const db = openLocalDb({ file: path.join(dir, 'catalog.db'), key: randomBytes(32) });
const entries = [...BUILTIN_OFFENCES, ...templates().filter((o) => o.source === 'natinf'), ...syntheticOffences(COUNT)];
let t = performance.now();
for (let i = 0; i < entries.length; i += 5000) db.catalog.applyPage(entries.slice(i, i + 5000), `c${i}`);
console.log(`${db.catalog.count()} offences stored in ${(performance.now() - t).toFixed(0)} ms`);

const QUERIES: Record<string, string[]> = {
  'NATINF code': ['30736', '7875', '26578', '105432', '116001'],
  'code prefix': ['3073', '1054', '11', '2'],
  article: ['421-2-5', 'art. 24 loi 1881', 'L3421-4', 'R.625-7', '222-33-2-2', 'art 313-1 du code pénal', '227-23'],
  words: ['apologie terrorisme', 'menace de mort', 'escroquerie bande organisée', 'provocation haine race religion', 'contrefaçon marque', 'stupéfiants'],
  'word prefix': ['harcel', 'prox', 'diffamation publ', 'pédo', 'm', 'de la'],
};
const CATEGORIES: (Category | undefined)[] = [undefined, 'terrorism', 'scam', 'hate_discrimination'];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const all: number[] = [];
const allCpu: number[] = [];
// CPU time per search too: on a loaded machine the wall time of a synchronous call includes the time
// the process waited for a core, which the search itself does not cost.
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
for (const [kind, queries] of Object.entries(QUERIES)) {
  const times: number[] = [];
  const cpus: number[] = [];
  let hits = 0;
  for (let r = 0; r < RUNS; r++) {
    for (const text of queries) {
      const category = CATEGORIES[r % CATEGORIES.length];
      const cpu = process.cpuUsage();
      t = performance.now();
      hits += db.catalog.search({ text, category, limit: 30 }).length;
      times.push(performance.now() - t);
      cpus.push(cpuMs(process.cpuUsage(cpu)));
    }
  }
  all.push(...times);
  allCpu.push(...cpus);
  console.log(`${kind.padEnd(12)} ${String(queries.length).padStart(2)} queries  avg hits=${(hits / times.length).toFixed(1).padStart(5)}  p50=${pct(times, 0.5).toFixed(2)} ms  p95=${pct(times, 0.95).toFixed(2)} ms  max=${Math.max(...times).toFixed(2)} ms  CPU p95=${pct(cpus, 0.95).toFixed(2)} ms`);
}
console.log(`ALL: p50=${pct(all, 0.5).toFixed(2)} ms  p95=${pct(all, 0.95).toFixed(2)} ms  CPU p95=${pct(allCpu, 0.95).toFixed(2)} ms  (target p95 ≤ 15 ms)`);

// Baseline: what a search without the indexes costs — every word as LIKE over labels and articles.
const like = db.sqlite.prepare(`SELECT id FROM catalog_offences WHERE label LIKE @w OR defined_by LIKE @w LIMIT 30`);
const base: number[] = [];
const baseCpu: number[] = [];
for (let r = 0; r < RUNS; r++) {
  for (const text of [...QUERIES.words!, ...QUERIES['word prefix']!]) {
    const cpu = process.cpuUsage();
    t = performance.now();
    like.all({ w: `%${text.split(' ')[0]}%` });
    base.push(performance.now() - t);
    baseCpu.push(cpuMs(process.cpuUsage(cpu)));
  }
}
console.log(`baseline LIKE scan (first word only, no ranking): p50=${pct(base, 0.5).toFixed(2)} ms  p95=${pct(base, 0.95).toFixed(2)} ms  CPU p95=${pct(baseCpu, 0.95).toFixed(2)} ms`);
console.log(`ratio p95 search / p95 baseline: ${(pct(all, 0.95) / pct(base, 0.95)).toFixed(2)}× wall, ${(pct(allCpu, 0.95) / pct(baseCpu, 0.95)).toFixed(2)}× CPU`);
db.close();
rmSync(dir, { recursive: true, force: true });
