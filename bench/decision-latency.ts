// Online decision latency (issue 3, 2nd target): with the workstation running as the officer uses it
// (API router, background sync at its default period, lease keeper), the time from recording a decision
// (content check on a claimed report) to its being applied on the server; median ≤ 300 ms is the
// target. A second workstation syncs in the background meanwhile, as colleagues do. PGlite, HTTPS, in
// this process. Prints figures, no pass/fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { QueuePage } from '../src/shared/api/contract';
import { startServer, type RunningServer } from '../src/server/app';
import { queryRows } from '../src/server/db/rows';
import { createWorkstation, type Workstation } from '../src/main/api/index';

const SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 60);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 5000);
const root = mkdtempSync(path.join(tmpdir(), 'pharos-bench-decision-'));
const KDF = { memoryKiB: 1024, iterations: 1, parallelism: 1 };

async function officer(server: RunningServer, name: string): Promise<Workstation> {
  const password = `mot de passe ${name} 123`;
  await server.admin.addUser({ username: name, role: 'analyst', password });
  const ws = await createWorkstation({ dataDir: path.join(root, name), kdf: KDF });
  const call = async (method: string, input: unknown = {}): Promise<unknown> => {
    const r = await ws.router(method, input, { transport: 'test' });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  await call('vault.create', { passphrase: 'phrase secrète du banc' });
  await call('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: name });
  await call('auth.login', { username: name, password });
  await call('sync.now');
  return ws;
}

async function main(): Promise<void> {
  const server = await startServer({ dataDir: path.join(root, 'server'), port: 0, databaseUrl: null });
  await server.admin.seedSynthetic(REPORTS);
  const ana = await officer(server, 'ana');
  const colleague = await officer(server, 'bob');
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r = await ana.router(method, input, { transport: 'test' });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const ids = (await call<QueuePage>('queue.page', { statuses: ['received'], limit: SAMPLES })).rows.map((r) => r.id);
  // Claims first (sent by the background sync), so that every sample is a decision on a held report.
  for (const id of ids) await call('report.claim', { id });
  await call('sync.now');
  // The colleague's workstation keeps working on another report (a note every 100 ms, pushed by its own
  // background sync): a change on one of ours would turn our decisions into competing ones.
  let busy = true;
  const page = (await colleague.router('queue.page', { statuses: ['received'], limit: SAMPLES + 1 }, { transport: 'test' })) as { ok: true; value: QueuePage };
  const elsewhere = page.value.rows.find((r) => !ids.includes(r.id))!.id;
  const noise = (async () => {
    for (let i = 0; busy; i++) {
      await colleague.router('report.note', { id: elsewhere, text: `note ${i}` }, { transport: 'test' });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const latencies: number[] = [];
  let refused = 0;
  for (const [i, id] of ids.entries()) {
    await call('report.focus', { id });
    const start = performance.now();
    await call('report.verify', { id, outcome: i % 2 ? 'present' : 'removed' });
    for (;;) {
      const [seen] = await queryRows<{ status: string }>(server.admin.db, sql`select status from sync_mutations where report_id = ${id} and name = 'setVerification'`);
      if (seen) {
        if (seen.status !== 'applied') refused += 1;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    latencies.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  busy = false;
  await noise;
  latencies.sort((a, b) => a - b);
  const q = (p: number): string => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
  console.log(`decision recorded through the workstation API → applied on the server, ${latencies.length} decisions, background sync running on two workstations (${refused} refused): median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (target median ≤ 300 ms)`);
  await ana.close();
  await colleague.close();
  await server.close();
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(root, { recursive: true, force: true }));
