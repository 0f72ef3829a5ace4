// npm run bench: every benchmark of the project in turn, each in its own process so that one's memory
// and caches do not skew the next. Each prints its own figures; nothing here passes or fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const BENCHES = [
  ['bench/pull.ts', 'pull 100 000 reports into the encrypted store (target ≥ 10 000/s; encrypted ≥ 0.7× plain)'],
  ['bench/queue.ts', 'queue page latency on 100 000 reports (target p95 ≤ 10 ms)'],
  ['bench/web-start.ts', 'browser mode: start to rendered queue (target ≤ 2 s)'],
  ['bench/server-pull.ts', 'server side of the pull feed'],
  ['bench/capture.ts', 'capture of a ~2 MB, 100-resource page: full evidence set vs bare goto + screenshot (target ≤ 1.5×)'],
  ['bench/decision-latency.ts', 'online decision through the workstation API → applied on the server, background sync running (target median ≤ 300 ms)'],
  ['bench/catalog-import.ts', 'NATINF import of a generated 20 000-row Latin-1 file (target ≥ 10 000 rows/s)'],
  ['bench/catalog-search.ts', 'catalog search on the workstation over 17 000+ offences (target p95 ≤ 15 ms)'],
  ['bench/push.ts', 'push 10 000 offline changes (target ≥ 2 000/s) and online change-to-server latency (target median ≤ 300 ms)'],
  ['bench/fuzz.ts', '10 000 generated malformed requests to every endpoint of the server (target: 0 × 5xx, 0 rows changed)'],
] as const;

const only = process.argv[2];
for (const [file, title] of BENCHES) {
  if (only && !file.includes(only)) continue;
  console.log(`\n=== ${title} — ${file}`);
  const r = spawnSync(process.execPath, ['bin/run-ts.mjs', file], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.log(`(${file} exited with ${r.status})`);
}
