// NATINF import throughput: a generated 20 000-row file in the official layout, Latin-1, imported into
// PGlite by `importNatinfFile` (parse, check every row, batched upserts in one transaction), then
// re-imported unchanged; the baseline, measured in the same run, is the obvious one-INSERT-per-row
// upsert of the same rows in one transaction. Target: ≥ 10 000 rows/s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { importNatinfFile, parseNatinfFile } from '../src/server/catalog';
import { openDatabase } from '../src/server/db/database';
import { officialCsvLatin1, syntheticOffences } from './support/natinf-synthetic';

const ROWS = Number(process.env.BENCH_CATALOG_ROWS ?? 20_000);
const BASELINE_ROWS = Math.min(ROWS, Number(process.env.BENCH_CATALOG_BASELINE_ROWS ?? 5_000));
const dir = mkdtempSync(path.join(tmpdir(), 'pharos-bench-catalog-'));
const file = path.join(dir, 'natinf.csv');
const offences = syntheticOffences(ROWS);
writeFileSync(file, officialCsvLatin1(offences));
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const rate = (rows: number, ms: number): string => `${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s`;

const opened = await openDatabase({ dataDir: path.join(dir, 'server') });
try {
  const { db } = opened;
  let t = performance.now();
  const parsed = parseNatinfFile(await import('node:fs').then((fs) => fs.readFileSync(file)));
  const parseMs = performance.now() - t;
  console.log(`file: ${ROWS} rows, ${parsed.encoding}, parse + check ${parseMs.toFixed(0)} ms (${rate(ROWS, parseMs)})`);

  // CPU time as well as wall time: PGlite runs in this process, so CPU time is what the import costs
  // whatever else the machine is doing (wall time on a loaded machine mostly measures the wait).
  let cpu = process.cpuUsage();
  t = performance.now();
  const first = await importNatinfFile(db, file);
  const firstMs = performance.now() - t;
  const firstCpu = cpuMs(process.cpuUsage(cpu));
  cpu = process.cpuUsage();
  t = performance.now();
  const again = await importNatinfFile(db, file);
  const againMs = performance.now() - t;
  const againCpu = cpuMs(process.cpuUsage(cpu));

  // Baseline: one upsert statement per row, one transaction, same rows (a subset, extrapolated per row).
  await db.execute(sql`create temporary table naive (like catalog_offences including defaults)`);
  await db.execute(sql`alter table naive add primary key (id)`);
  const subset = offences.slice(0, BASELINE_ROWS);
  cpu = process.cpuUsage();
  t = performance.now();
  await db.transaction(async (tx) => {
    for (const o of subset) {
      await tx.execute(sql`insert into naive (id, natinf, label, nature, contravention_class, defined_by, punished_by, category, source)
        values (${o.id}, ${o.natinf}, ${o.label}, ${o.nature}, ${o.contraventionClass}, ${o.definedBy}, ${o.punishedBy}, ${o.category}, ${o.source})
        on conflict (id) do update set label = excluded.label`);
    }
  });
  const naiveMs = performance.now() - t;
  const naiveCpu = cpuMs(process.cpuUsage(cpu));

  const importRate = ROWS / firstMs;
  const naiveRate = BASELINE_ROWS / naiveMs;
  console.log(`import (new table):      ${(firstMs / 1000).toFixed(2)} s  ${rate(ROWS, firstMs)}  CPU ${(firstCpu / 1000).toFixed(2)} s = ${rate(ROWS, firstCpu)}  inserted=${first.inserted}  (target ≥ 10,000 rows/s)`);
  console.log(`re-import (unchanged):   ${(againMs / 1000).toFixed(2)} s  ${rate(ROWS, againMs)}  CPU ${rate(ROWS, againCpu)}  updated=${again.updated} unchanged=${again.unchanged}`);
  console.log(`baseline row-by-row:     ${(naiveMs / 1000).toFixed(2)} s for ${BASELINE_ROWS} rows  ${rate(BASELINE_ROWS, naiveMs)}  CPU ${rate(BASELINE_ROWS, naiveCpu)}`);
  console.log(`ratio import / baseline: ${(importRate / naiveRate).toFixed(1)}× wall, ${(ROWS / firstCpu / (BASELINE_ROWS / naiveCpu)).toFixed(1)}× CPU`);
} finally {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
}
