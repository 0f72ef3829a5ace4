// Queue page latency on the encrypted store: 50-row pages, every sort, a spread of filters, deep
// offsets and text search, over 100 000 reports. Prints p50/p95/max per scenario (target p95 ≤ 10 ms).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openLocalDb, type QueueFilter } from '../src/main/db/index';
import { syntheticReport } from '../tests/main/helpers/synthetic';
import type { ReportChange } from '../src/shared/sync/protocol';

const COUNT = Number(process.env.BENCH_REPORTS ?? 100_000);
const dir = mkdtempSync(path.join(tmpdir(), 'pharos-bench-queue-'));
const db = openLocalDb({ file: path.join(dir, 'queue.db'), key: randomBytes(32) });

const t0 = performance.now();
db.bulkLoad.begin();
for (let start = 0; start < COUNT; start += 5000) {
  const changes: ReportChange[] = [];
  for (let i = start; i < Math.min(COUNT, start + 5000); i++) changes.push({ op: 'put', report: syntheticReport(i) });
  db.writer.applyPage(changes, { 'sync.cursor': String(start) });
}
db.bulkLoad.end();
db.optimize();
console.log(`seeded ${COUNT} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

type Scenario = { name: string; filter: Partial<QueueFilter> };
const deep = Math.max(0, COUNT - 100);
const scenarios: Scenario[] = [];
for (const sort of ['priority', 'oldest', 'newest'] as const) {
  scenarios.push(
    { name: `${sort} · all`, filter: { sort } },
    { name: `${sort} · all · deep offset`, filter: { sort, offset: deep } },
    { name: `${sort} · scam`, filter: { sort, categories: ['scam'] } },
    { name: `${sort} · rare category, middle offset`, filter: { sort, categories: ['bomb_making'], offset: 2000 } },
    { name: `${sort} · 2 categories + status + source`, filter: { sort, categories: ['terrorism', 'hate_discrimination'], statuses: ['received'], sources: ['public'] } },
    { name: `${sort} · status decided, deep`, filter: { sort, statuses: ['decided'], offset: 5000 } },
    { name: `${sort} · text rare (domain)`, filter: { sort, text: 'site1234.example' } },
    { name: `${sort} · text common word`, filter: { sort, text: 'arnaque' } },
    { name: `${sort} · text + category`, filter: { sort, text: 'colis livraison', categories: ['scam'] } },
    { name: `${sort} · reference`, filter: { sort, text: 'PHR-2026-0004242' } },
  );
}

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const all: number[] = [];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
for (const s of scenarios) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const filter: QueueFilter = { sort: 'priority', offset: 0, limit: 50, ...s.filter };
    const t = performance.now();
    total = db.queuePage(filter).total;
    times.push(performance.now() - t);
  }
  all.push(...times);
  console.log(`${s.name.padEnd(48)} total=${String(total).padStart(6)}  p50=${pct(times, 0.5).toFixed(2)} ms  p95=${pct(times, 0.95).toFixed(2)} ms  max=${Math.max(...times).toFixed(2)} ms`);
}
console.log(`ALL scenarios: p50=${pct(all, 0.5).toFixed(2)} ms  p95=${pct(all, 0.95).toFixed(2)} ms  (target p95 ≤ 10 ms)`);

// The terms under the last word's prefix are remembered until the store changes (see queue-text.ts):
// the same searches again, each right after a write, as while a sync is running.
const afterWrite: number[] = [];
for (const s of scenarios.filter((x) => x.filter.text)) {
  const times: number[] = [];
  for (let i = 0; i < RUNS / 2; i++) {
    db.kv.set('bench.touch', i);
    const t = performance.now();
    db.queuePage({ sort: 'priority', offset: 0, limit: 50, ...s.filter });
    times.push(performance.now() - t);
  }
  afterWrite.push(...times);
  console.log(`${`${s.name} · after a write`.padEnd(48)}  p50=${pct(times, 0.5).toFixed(2)} ms  p95=${pct(times, 0.95).toFixed(2)} ms`);
}
console.log(`text searches right after a write: p50=${pct(afterWrite, 0.5).toFixed(2)} ms  p95=${pct(afterWrite, 0.95).toFixed(2)} ms`);
db.close();
rmSync(dir, { recursive: true, force: true });
