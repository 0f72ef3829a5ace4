import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Mutation } from '@shared/sync/mutations';
import type { RunningServer } from '../../src/server/app';
import { queryRows } from '../../src/server/db/rows';
import { submitReport } from '../../src/server/intake/service';
import { FAULTS, type Fault, type FaultProxy } from './proxy';
import type { Station } from './station';


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
  await Promise.all(world.stations.map((s) => s.sync.now()));
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
  // Nobody writes any more: one clean sync each brings every station the final state.
  await Promise.all(world.stations.map((s) => s.sync.now()));
  return reportIds;
}

type LogRow = { seq: string | number; client_id: string; mutation_id: string | number; status: string };
type ServerReport = { id: string; status: string; claimed_by: string | null; version: string | number; events: string | null };

/** What the server holds for the round, read in three statements (the suite runs hundreds of rounds). */
async function serverView(world: World, reportIds: readonly string[], afterSeq: number) {
  const db = world.server.admin.db;
  const ids = toArray(reportIds);
  const log = await queryRows<LogRow>(db, sql`select seq, client_id, mutation_id, status from sync_mutations where seq > ${afterSeq} order by seq`);
  const events = await queryRows<{ device_id: string; n: string | number }>(db, sql`select device_id, count(*) as n from report_events where report_id = any(${ids}) and device_id is not null group by device_id`);
  const reports = await queryRows<ServerReport>(
    db,
    sql`select r.id, r.status, r.claimed_by, r.version, (select string_agg(e.id::text, ',' order by e.at, e.id) from report_events e where e.report_id = r.id) as events from reports r where r.id = any(${ids})`,
  );
  const devices = toArray(world.stations.map((s) => s.clientId));
  const chains = await queryRows<{ device: string; seq: string | number; hash: string }>(
    db,
    sql`select distinct on (device) device, seq, hash from audit_device_entries where device = any(${devices}) order by device, seq desc`,
  );
  return { log, eventsByDevice: new Map(events.map((e) => [e.device_id, Number(e.n)])), reports, chains: new Map(chains.map((c) => [c.device, { seq: Number(c.seq), hash: c.hash }])) };
}

/** The properties checked after every round; returns the first violation, or null. `checked` carries state between rounds. */
export async function checkRound(world: World, reportIds: readonly string[], checked: { seq: number; processed: Map<Station, number> }): Promise<string | null> {
  const view = await serverView(world, reportIds, checked.seq);
  checked.seq = view.log.reduce((m, r) => Math.max(m, Number(r.seq)), checked.seq);
  for (const s of world.stations) {
    if (s.db.outbox.count() !== 0) return `${s.name}: outbox not empty`;
    const mine = view.log.filter((r) => r.client_id === s.clientId);
    const before = checked.processed.get(s) ?? 0;
    const ids = mine.map((r) => Number(r.mutation_id));
    // Exactly once and in order: the server's log of this client goes on 1, 2, 3… with no repeat and no hole.
    if (ids.some((id, i) => id !== before + i + 1)) return `${s.name}: server log out of order or with a repeat after ${before}: ${ids.join(',')}`;
    checked.processed.set(s, before + ids.length);
    const recorded = world.recorded.get(s) ?? [];
    if (before + ids.length !== recorded.length) return `${s.name}: ${recorded.length} recorded, ${before + ids.length} processed by the server`;
    const rejectedOnServer = new Set(mine.filter((r) => r.status === 'rejected').map((r) => Number(r.mutation_id)));
    const rejectedHere = new Set(s.db.outbox.rejections(100_000).filter((r) => r.clientId === s.clientId && r.id > before).map((r) => r.id));
    if (rejectedOnServer.size !== rejectedHere.size || [...rejectedOnServer].some((id) => !rejectedHere.has(id))) {
      return `${s.name}: rejections differ (server ${[...rejectedOnServer].join(',')} / station ${[...rejectedHere].join(',')})`;
    }
    // Every applied change of this round made exactly one event (no lease expires within a round).
    const applied = mine.filter((r) => r.status === 'applied').length;
    const events = view.eventsByDevice.get(s.clientId) ?? 0;
    if (applied !== events) return `${s.name}: ${applied} applied mutations but ${events} events`;
    const bases = s.db.sqlite.prepare('SELECT count(*) FROM report_base').pluck().get() as number;
    if (bases !== 0) return `${s.name}: ${bases} local version(s) still shown over the server's`;
    const diverged = firstDivergence(s, view.reports);
    if (diverged) return diverged;
    // The server holds this device's audit chain exactly as the station wrote it: same last entry
    // (its hash covers every entry before it), every entry confirmed, never truncated locally.
    const local = s.db.audit.head(s.clientId);
    const held = view.chains.get(s.clientId) ?? null;
    if (local?.seq !== held?.seq || local?.hash !== held?.hash) return `${s.name}: audit chain differs (local ${local?.seq}/${local?.hash.slice(0, 8)}, server ${held?.seq}/${held?.hash.slice(0, 8)})`;
    // A station that recorded nothing yet has no chain: nothing to confirm.
    if (s.db.audit.pushedSeq(s.clientId) !== (local?.seq ?? 0)) return `${s.name}: audit entries up to ${local?.seq} not all confirmed (${s.db.audit.pushedSeq(s.clientId)})`;
  }
  return null;
}

const toArray = (ids: readonly string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]`;

function firstDivergence(s: Station, reports: readonly ServerReport[]): string | null {
  for (const row of reports) {
    const local = s.db.getReport(row.id);
    const same = local && local.status === row.status && local.claimedBy === row.claimed_by && local.version === Number(row.version) &&
      local.events.map((e) => e.id).join() === (row.events ?? '');
    if (!same) return `${s.name}: report ${row.id} differs from the server (local ${local?.status}/${local?.claimedBy}/v${local?.version}/${local?.events.length} events, server ${row.status}/${row.claimed_by}/v${row.version})`;
  }
  return null;
}
