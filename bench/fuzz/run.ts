import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { startServer } from '../../src/server/app';
import { queryRows } from '../../src/server/db/rows';
import { DEMO_ACCOUNTS, DEMO_API_KEY } from '../../src/server/demo/seed';
import { rawClient } from './http';
import { createRng } from './prng';
import { nextRequest, type FuzzTargets } from './requests';
import { openSession } from './session';

/**
 * Tables whose job is to record refusals: they may grow during the run (and are reported apart). Every
 * other table must be exactly as it was. Login failures and locks, once recorded, belong here too.
 */
const RECORD_TABLES = /^(sync_refusals|audit_log|audit_device_entries|sync_mutations|sync_clients)$|refus|fail|attempt|throttl|lockout/;

export type FuzzResult = {
  seed: number;
  requests: number;
  seconds: number;
  byStatus: Map<number, number>;
  /** Per endpoint: how many requests, and how many answered 5xx (or not at all). */
  byEndpoint: Map<string, { sent: number; failed: number; ms: number }>;
  /** The first few failing requests, to replay. */
  failures: { index: number; endpoint: string; status: number; body: string }[];
  /** Rows added or removed (an update is both) in tables that must not change. */
  unexpected: Map<string, number>;
  /** Some of the unexpected rows, as text. */
  samples: string[];
  /** Rows added to the tables that record refusals. */
  recorded: Map<string, number>;
  /** Mutations recorded as anything but rejected (the fuzzer sends none that may apply). */
  appliedMutations: number;
};

type Snapshot = Map<string, Set<string>>;

/** Every row of every table, as the MD5 of its text: what changed shows as rows missing or new. */
async function snapshot(db: Parameters<typeof queryRows>[0]): Promise<Snapshot> {
  const tables = await queryRows<{ name: string }>(db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const out: Snapshot = new Map();
  for (const { name } of tables) {
    const rows = await queryRows<{ h: string }>(db, sql`select md5(t::text) as h from ${sql.identifier(name)} t`);
    out.set(name, new Set(rows.map((r) => r.h)));
  }
  return out;
}

type Compared = Pick<FuzzResult, 'unexpected' | 'recorded' | 'samples'>;

async function compare(db: Parameters<typeof queryRows>[0], before: Snapshot, after: Snapshot): Promise<Compared> {
  const out: Compared = { unexpected: new Map(), recorded: new Map(), samples: [] };
  for (const [name, rows] of after) {
    const old = before.get(name) ?? new Set<string>();
    const added = [...rows].filter((h) => !old.has(h));
    const removed = [...old].filter((h) => !rows.has(h)).length;
    if (added.length + removed === 0) continue;
    if (RECORD_TABLES.test(name)) {
      out.recorded.set(name, added.length - removed);
      continue;
    }
    out.unexpected.set(name, added.length + removed);
    // What was written, to see which request did it.
    const some = added.slice(0, 3);
    if (some.length > 0) {
      const rows = await queryRows<{ t: string }>(db, sql`select t::text as t from ${sql.identifier(name)} t where md5(t::text) in (${sql.join(some.map((h) => sql`${h}`), sql`, `)})`);
      out.samples.push(...rows.map((r) => `${name}: ${r.t.slice(0, 300)}`));
    }
  }
  return out;
}

export type FuzzOptions = { count: number; seed: number; onProgress?: (done: number) => void };

/**
 * Starts the real server (PGlite in a fresh data folder, HTTPS, demo data), opens an analyst's and a
 * supervisor's workstation session, then sends `count` generated malformed requests one after another.
 */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pharos-fuzz-'));
  const server = await startServer({ dataDir: dir, port: 0, databaseUrl: null, demo: true, formRateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
  const client = rawClient(server.url, server.caPem);
  try {
    const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role) ?? DEMO_ACCOUNTS[0]!;
    const targets: FuzzTargets = {
      apiKey: DEMO_API_KEY,
      analyst: await openSession(server, client, account('analyst')),
      supervisor: await openSession(server, client, account('supervisor')),
      reportIds: (await queryRows<{ id: string }>(server.admin.db, sql`select id from reports limit 50`)).map((r) => r.id),
    };
    const before = await snapshot(server.admin.db);
    const rng = createRng(opts.seed);
    const result: FuzzResult = {
      seed: opts.seed, requests: opts.count, seconds: 0, byStatus: new Map(), byEndpoint: new Map(), failures: [], unexpected: new Map(), recorded: new Map(), samples: [], appliedMutations: 0,
    };
    const t0 = performance.now();
    for (let i = 0; i < opts.count; i++) {
      const { endpoint, request, after } = nextRequest(rng, targets);
      const started = performance.now();
      const res = await client.send(request);
      const ms = performance.now() - started;
      after?.(res);
      if (process.env.FUZZ_DEBUG && res.status >= 200 && res.status < 300) console.log(`#${i} ${endpoint} ${res.status}: ${request.body.toString("latin1").slice(0, 300)}`);
      // A request cut short on purpose (its body shorter than it declared) may rightly get no answer.
      if (res.status === 0 && request.truncated) {
        result.byStatus.set(-1, (result.byStatus.get(-1) ?? 0) + 1);
        continue;
      }
      result.byStatus.set(res.status, (result.byStatus.get(res.status) ?? 0) + 1);
      const e = result.byEndpoint.get(endpoint) ?? { sent: 0, failed: 0, ms: 0 };
      e.sent += 1;
      e.ms += ms;
      if (res.status >= 500 || res.status === 0) {
        e.failed += 1;
        if (result.failures.length < 10) result.failures.push({ index: i, endpoint, status: res.status, body: res.body.slice(0, 200) });
      }
      result.byEndpoint.set(endpoint, e);
      if ((i + 1) % 500 === 0) opts.onProgress?.(i + 1);
    }
    result.seconds = (performance.now() - t0) / 1000;
    Object.assign(result, await compare(server.admin.db, before, await snapshot(server.admin.db)));
    const [applied] = await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from sync_mutations where status <> 'rejected'`);
    result.appliedMutations = Number(applied?.n ?? 0);
    return result;
  } finally {
    client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Requests answered 5xx, or not answered at all. */
export const serverErrors = (r: FuzzResult): number => [...r.byStatus].filter(([s]) => s >= 500 || s === 0).reduce((n, [, c]) => n + c, 0);
export const unexpectedRows = (r: FuzzResult): number => [...r.unexpected.values()].reduce((n, c) => n + c, 0) + r.appliedMutations;
