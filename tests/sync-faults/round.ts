import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Mutation } from '@shared/sync/mutations';
import type { RunningServer } from '../../src/server/app';
import { queryRows } from '../../src/server/db/rows';
import { submitReport } from '../../src/server/intake/service';
import { FAULTS, type Fault, type FaultProxy } from './proxy';
import type { Station } from './station';

/** mulberry32: a small seeded PRNG, so a failing round can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type World = {
  server: RunningServer;
  restart(): Promise<void>;
  proxy: FaultProxy;
  stations: Station[];
  /** Every mutation id each station recorded, over all rounds (ids are per client). */
  recorded: Map<Station, number[]>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

/** A random mutation on one of the round's reports, based on what the station shows now. */
function randomMutation(rnd: () => number, s: Station, reportIds: readonly string[]): Mutation {
  const reportId = pick(rnd, reportIds);
  const baseVersion = s.db.getReport(reportId)?.version ?? 0;
  const x = rnd();
  if (x < 0.35) return { name: 'claim', args: { reportId, baseVersion } };
  if (x < 0.5) return { name: 'release', args: { reportId, baseVersion } };
  if (x < 0.8) return { name: 'note', args: { reportId, text: `note ${randomUUID().slice(0, 8)}` } };
  return { name: 'setVerification', args: { reportId, baseVersion, outcome: pick(rnd, ['present', 'removed', 'inaccessible'] as const) } };
}

function faultChooser(rnd: () => number, rate: number): (path: string) => Fault {
  return () => (rnd() < rate ? pick(rnd, FAULTS.slice(1)) : 'pass');
}

/** Syncs until the station has nothing waiting; failures (injected) are retried after a short pause. */
async function syncUntilQuiet(s: Station, rnd: () => number): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      await s.sync.now();
      if (s.db.outbox.count() === 0) return;
    } catch {
      // injected fault or server restarting: try again
    }
    await sleep(1 + Math.floor(rnd() * 8));
  }
  throw new Error(`${s.name}: still ${s.db.outbox.count()} change(s) waiting after 300 attempts`);
}

/**
 * One round: fresh reports, every station records random changes offline, then all sync at once through
 * the misbehaving proxy (and maybe a server restart) until nothing waits; then a clean sync for all.
 */
export async function runRound(world: World, rnd: () => number, opts: { faultRate: number; restartRate: number }): Promise<string[]> {
  const count = 2 + Math.floor(rnd() * 2);
  const reportIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await submitReport(world.server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Signalement de la série de pannes.' }, { source: 'public' });
    reportIds.push(id);
  }
  world.proxy.setChooser(null);
  for (const s of world.stations) await s.sync.now();
  for (const s of world.stations) {
    const n = 1 + Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) {
      const id = s.record(randomMutation(rnd, s, reportIds));
      if (id !== null) world.recorded.get(s)?.push(id);
    }
  }
  world.proxy.setChooser(faultChooser(rnd, opts.faultRate));
  const restart = rnd() < opts.restartRate ? sleep(Math.floor(rnd() * 30)).then(() => world.restart()) : Promise.resolve();
  await Promise.all([...world.stations.map((s) => syncUntilQuiet(s, rnd)), restart]);
  world.proxy.setChooser(null);
  await world.proxy.settle();
  for (const s of world.stations) await s.sync.now();
  return reportIds;
}

type LogRow = { mutation_id: string | number; status: string };

/** The properties checked after every round; returns the first violation, or null. */
export async function checkRound(world: World, reportIds: readonly string[]): Promise<string | null> {
  const db = world.server.admin.db;
  for (const s of world.stations) {
    if (s.db.outbox.count() !== 0) return `${s.name}: outbox not empty`;
    const log = await queryRows<LogRow>(db, sql`select mutation_id, status from sync_mutations where client_id = ${s.clientId} order by seq`);
    const ids = log.map((r) => Number(r.mutation_id));
    const recorded = world.recorded.get(s) ?? [];
    // Exactly once and in order: the server's log of this client is 1, 2, 3… with no repeat and no hole.
    if (ids.some((id, i) => id !== i + 1)) return `${s.name}: server log out of order or with a repeat: ${ids.join(',')}`;
    if (ids.length !== recorded.length) return `${s.name}: ${recorded.length} recorded, ${ids.length} processed by the server`;
    const rejectedOnServer = new Set(log.filter((r) => r.status === 'rejected').map((r) => Number(r.mutation_id)));
    const rejectedHere = new Set(s.db.outbox.rejections(100_000).filter((r) => r.clientId === s.clientId).map((r) => r.id));
    if (rejectedOnServer.size !== rejectedHere.size || [...rejectedOnServer].some((id) => !rejectedHere.has(id))) {
      return `${s.name}: rejections differ (server ${[...rejectedOnServer].join(',')} / station ${[...rejectedHere].join(',')})`;
    }
    const applied = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from sync_mutations where client_id = ${s.clientId} and status = 'applied' and report_id = any(${toArray(reportIds)})`);
    const events = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from report_events where device_id = ${s.clientId} and report_id = any(${toArray(reportIds)})`);
    if (Number(applied[0]?.n) !== Number(events[0]?.n)) return `${s.name}: ${applied[0]?.n} applied mutations but ${events[0]?.n} events`;
    const bases = s.db.sqlite.prepare('SELECT count(*) FROM report_base').pluck().get() as number;
    if (bases !== 0) return `${s.name}: ${bases} local version(s) still shown over the server's`;
    const diverged = await firstDivergence(world, s, reportIds);
    if (diverged) return diverged;
  }
  return null;
}

const toArray = (ids: readonly string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]`;

async function firstDivergence(world: World, s: Station, reportIds: readonly string[]): Promise<string | null> {
  for (const id of reportIds) {
    const [row] = await queryRows<{ status: string; claimed_by: string | null; version: string | number }>(world.server.admin.db, sql`select status, claimed_by, version from reports where id = ${id}`);
    const events = await queryRows<{ id: string }>(world.server.admin.db, sql`select id from report_events where report_id = ${id} order by at, id`);
    const local = s.db.getReport(id);
    const same = local && row && local.status === row.status && local.claimedBy === row.claimed_by && local.version === Number(row.version) &&
      local.events.map((e) => e.id).join() === events.map((e) => e.id).join();
    if (!same) return `${s.name}: report ${id} differs from the server (local ${local?.status}/${local?.claimedBy}/v${local?.version}/${local?.events.length} events, server ${row?.status}/${row?.claimed_by}/v${row?.version}/${events.length} events)`;
  }
  return null;
}
