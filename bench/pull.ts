// Pull sync throughput: a real embedded server (PGlite, HTTPS) seeded with N reports, pulled end to end
// into the encrypted store; then the same rows ingested into an encrypted and a plain store (same
// package, same code, no key) to show what encryption costs. Prints figures, no pass/fail.
// Targets: ≥ 10 000 reports/s end to end; encrypted ingest ≥ 0.7 × plain.
// The server runs in a child process (this script with --serve), as it does in production: on its
// own machine, not on the workstation's event loop. BENCH_INPROCESS=1 keeps it in this process.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { API_PATHS } from '../src/shared/http/api';
import { PULL_MAX_LIMIT, PullResponseSchema, type PullResponse, type ReportChange } from '../src/shared/sync/protocol';
import { startServer } from '../src/server/app';
import { openLocalDb, type LocalDb } from '../src/main/db/index';
import { enrolDevice } from '../src/main/enrolment/index';
import { createAuth } from '../src/main/auth/index';
import { createServerClient } from '../src/main/server-client/index';
import { pullAll } from '../src/main/sync/index';

const COUNT = Number(process.env.BENCH_REPORTS ?? 100_000);
const PAGE = Number(process.env.BENCH_PAGE ?? PULL_MAX_LIMIT);
const root = mkdtempSync(path.join(tmpdir(), 'pharos-bench-pull-'));
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('fr-FR')} signalements/s`;

const USER = { username: 'bench.superviseur', password: 'mot de passe du banc 123' };
type Served = { url: string; fingerprint: string; code: string; seedSeconds: number };

/** Server side: start, seed, announce on stdout, stop when the parent closes stdin. */
async function serve(dataDir: string, count: number): Promise<Served & { close(): Promise<void> }> {
  const server = await startServer({ dataDir, port: 0, databaseUrl: null });
  await server.admin.addUser({ ...USER, role: 'supervisor' });
  const t = performance.now();
  await server.admin.seedSynthetic(count);
  const seedSeconds = (performance.now() - t) / 1000;
  return { url: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), seedSeconds, close: () => server.close() };
}

async function serveInChild(): Promise<Served & { close(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/pull.ts', '--serve', path.join(root, 'server'), String(COUNT)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (!line.startsWith('BENCH_SERVER ')) continue;
    const served = JSON.parse(line.slice('BENCH_SERVER '.length)) as Served;
    return { ...served, close: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.stdin.end(); }) };
  }
  throw new Error('the bench server did not start');
}

async function main(): Promise<void> {
  const server = process.env.BENCH_INPROCESS === '1' ? await serve(path.join(root, 'server'), COUNT) : await serveInChild();
  console.log(`server (${process.env.BENCH_INPROCESS === '1' ? 'same process' : 'child process'}) seeded with ${COUNT} reports in ${server.seedSeconds.toFixed(1)} s`);
  let t = 0;
  const user = USER;

  const db = openLocalDb({ file: path.join(root, 'encrypted.db'), key: randomBytes(32) });
  await enrolDevice(db, { serverUrl: server.url, fingerprint: server.fingerprint, code: server.code, deviceName: 'Banc' });
  const id = db.device.get()!;
  const client = createServerClient({ serverUrl: id.serverUrl, certPem: id.certPem, fingerprint: id.fingerprint, timeoutMs: 120_000 });
  const auth = createAuth({ db: () => db, client: () => client, onSession: () => undefined });
  await auth.login(user.username, user.password);

  // The same rows, fetched once into memory (this also warms the server), then written by the same
  // code with and without the key.
  t = performance.now();
  const pages: ReportChange[][] = [];
  let cursor: string | null = null;
  for (;;) {
    const res: PullResponse = await client.post(API_PATHS.pull, { cursor, limit: PAGE }, PullResponseSchema, { token: await auth.accessToken() });
    pages.push(res.changes);
    cursor = res.cursor;
    if (!res.hasMore) break;
  }
  const fetchMs = performance.now() - t;
  const rows = pages.reduce((n, p) => n + p.length, 0);
  console.log(`network + validation only: ${(fetchMs / 1000).toFixed(2)} s → ${rate(rows, fetchMs)}`);

  // Time spent writing pages, measured around the writer, to show where the time goes.
  let writing = 0;
  let finishing = 0;
  const timed = <A extends unknown[]>(f: (...a: A) => void) => (...a: A): void => {
    const s = performance.now();
    f(...a);
    finishing += performance.now() - s;
  };
  const timedDb: LocalDb = {
    ...db,
    bulkLoad: { ...db.bulkLoad, end: timed(db.bulkLoad.end) },
    optimize: timed(db.optimize),
    writer: {
      applyPage: (changes, settings, after) => {
        const s = performance.now();
        db.writer.applyPage(changes, settings, after);
        writing += performance.now() - s;
      },
      putReport: db.writer.putReport,
    },
  };
  t = performance.now();
  const pulled = await pullAll({ db: timedDb, client, token: auth.accessToken, pageSize: PAGE, onProgress: () => undefined });
  const endToEnd = performance.now() - t;
  console.log(`END TO END  pull ${pulled} reports (pages of ${PAGE}) into the encrypted store: ${(endToEnd / 1000).toFixed(2)} s → ${rate(pulled, endToEnd)}  (target ≥ 10 000/s)`);
  console.log(`  of which writing pages: ${(writing / 1000).toFixed(2)} s; building search structures and statistics at the end: ${(finishing / 1000).toFixed(2)} s; the rest is waiting for the server, parsing and validating`);

  const ingest = (store: LocalDb): number => {
    // The same path as a first sync: bulk load, pages, then the search structures built once.
    const start = performance.now();
    store.bulkLoad.begin();
    pages.forEach((p, i) => store.writer.applyPage(p, { 'sync.cursor': String(i) }));
    store.bulkLoad.end();
    return performance.now() - start;
  };
  const results: { encrypted: number[]; plain: number[] } = { encrypted: [], plain: [] };
  for (let round = 0; round < 2; round++) {
    for (const kind of ['plain', 'encrypted'] as const) {
      const store = openLocalDb({ file: path.join(root, `${kind}-${round}.db`), key: kind === 'encrypted' ? randomBytes(32) : null });
      results[kind].push(ingest(store));
      store.close();
    }
  }
  const enc = Math.min(...results.encrypted);
  const plain = Math.min(...results.plain);
  console.log(`INGEST encrypted: ${(enc / 1000).toFixed(2)} s → ${rate(rows, enc)}`);
  console.log(`INGEST plain:     ${(plain / 1000).toFixed(2)} s → ${rate(rows, plain)}`);
  console.log(`RATIO encrypted/plain throughput: ${(plain / enc).toFixed(2)}  (target ≥ 0.70)`);

  await client.close();
  db.close();
  await server.close();
}

if (process.argv[2] === '--serve') {
  rmSync(root, { recursive: true, force: true }); // the parent owns the folders
  const served = await serve(process.argv[3] ?? root, Number(process.argv[4] ?? COUNT));
  const { close, ...announce } = served;
  process.stdout.write(`BENCH_SERVER ${JSON.stringify(announce)}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => void close().then(() => process.exit(0)));
} else {
  await main()
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(() => rmSync(root, { recursive: true, force: true }));
}
