// Where the time of a pull page goes on the server (queries vs assembly), without HTTP.
// Usage: node bin/run-ts.mjs bench/server-pull-profile.ts [N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/server/db/database';
import { queryRows } from '../src/server/db/rows';
import { seedSyntheticReports } from '../src/server/demo/synthetic';
import { pullPage } from '../src/server/sync/pull';

const count = Number(process.argv[2] ?? 50_000);
const dataDir = mkdtempSync(join(tmpdir(), 'pharos-prof-'));
const opened = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL || undefined });
const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const r = await fn();
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms`);
  return r;
};
try {
  await time(`seed ${count}`, () => seedSyntheticReports(opened.db, count));
  await time('count all', () => queryRows(opened.db, sql`select count(*) from reports where version > 0`));
  await time('select 5000 rows raw', () => queryRows(opened.db, sql`select * from reports order by version limit 5000`));
  await time('select 5000 events raw', () => queryRows(opened.db, sql`select e.* from report_events e join (select id from reports order by version limit 5000) r on r.id = e.report_id`));
  let cursor: string | null = null;
  let n = 0;
  await time(`pullPage all (${count})`, async () => {
    for (;;) {
      const page = await pullPage(opened.db, { username: "chef", role: "supervisor" }, { cursor, limit: 5000 });
      n += page.count;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
  });
  const page = await time('one page + stringify', async () => (await pullPage(opened.db, { username: "chef", role: "supervisor" }, { cursor: null, limit: 5000 })).json.length);
  console.log(`bytes per page ${page}, pulled ${n}`);
} finally {
  await opened.close();
  rmSync(dataDir, { recursive: true, force: true });
}
