import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { basePriority, canonicalUrl, SOURCES, type Decision, type Reporter, type ReportStatus, type ServiceEntry, type Source } from '@shared';
import type { Db } from '../db/database';
import { withReportsLock } from '../db/rows';
import { CORPUS, ORGANISATIONS, REPORTER_NAMES, type CorpusEntry } from './corpus';
import { seededRandom } from '@shared/random';
import { DIRECTORY_SEED } from '../review/directory-seed';
import { demoDecision, STEP_MINUTES } from './decisions';

export type SyntheticOptions = {
  /** Base of report URLs, e.g. https://localhost:8443/demo-web/ (default: reserved example domains). */
  baseUrl?: string;
  /** Receipt times spread over this many days before `now` (default 14). */
  days?: number;
  now?: Date;
  /** Users that claim or are assigned reports, so every role has something in its scope. */
  analysts?: string[];
  cyberpatrols?: string[];
  /** Deterministic output for a given seed (default 1). */
  seed?: number;
  batchSize?: number;
  /** Every Nth report repeats the page of the one before (a duplicate report, for clusters). */
  duplicateEvery?: number;
  /** The directory the worked reports' orientations point into (default: the directory a new server starts with). */
  services?: readonly ServiceEntry[];
  /** Who approved the decided reports (default "superviseur"). */
  supervisor?: string;
};

type Row = {
  id: string; source: Source; category: string; status: ReportStatus; priority: number; urls: string[]; canonical_urls: string[];
  description: string; reporter: Reporter | null; external_ref: string | null; received_at: string; updated_at: string;
  claimed_by: string | null; lease_until: string | null; assigned_to: string | null; cluster_id: string | null;
  /** Proposed, decided and transmitted reports carry their complete decision (see demoDecision). */
  decision: Decision | null;
};
type EventRow = { id: string; report_id: string; at: string; actor: string; action: string; from_status: string | null; to_status: string };


const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

function reportUrl(i: number, path: string, opts: SyntheticOptions): string {
  if (opts.baseUrl) return `${opts.baseUrl}${path}${path.includes('?') ? '&' : '?'}n=${i}`;
  const host = ['exemple-boutique.example', 'forum-exemple.example', 'video-exemple.example', 'reseau-exemple.example'][i % 4];
  return `https://${host}/${path.replace(/\/$/, '')}${path.includes('?') ? '&' : '?'}id=${i}`;
}

function reporterFor(rnd: () => number, source: Source): Reporter | null {
  if (source === 'public') {
    if (rnd() > 0.4) return null;
    const name = pick(rnd, REPORTER_NAMES);
    const local = (name.split(' ')[0] ?? 'contact').normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
    return { name, email: `${local}@exemple.fr`, ...(rnd() < 0.5 ? { phone: '06 00 00 00 00' } : {}) };
  }
  return { organisation: pick(rnd, ORGANISATIONS[source]) };
}

/** Status and owners: mostly received; some claimed, proposed or decided by the given users. */
function lifecycle(rnd: () => number, opts: SyntheticOptions): { status: ReportStatus; claimedBy: string | null; assignedTo: string | null } {
  const r = rnd();
  const analyst = opts.analysts?.length ? pick(rnd, opts.analysts) : null;
  const patrol = opts.cyberpatrols?.length ? pick(rnd, opts.cyberpatrols) : null;
  if (r < 0.6 || !analyst) return { status: 'received', claimedBy: null, assignedTo: r < 0.05 ? patrol : null };
  if (r < 0.75) return { status: 'in_progress', claimedBy: analyst, assignedTo: r < 0.7 ? null : patrol };
  if (r < 0.85) return { status: 'decision_proposed', claimedBy: analyst, assignedTo: null };
  return { status: r < 0.95 ? 'decided' : 'transmitted', claimedBy: analyst, assignedTo: r < 0.9 ? patrol : null };
}

function eventsFor(row: Row, actor: string): EventRow[] {
  const at = (minutes: number) => new Date(Date.parse(row.received_at) + minutes * 60_000).toISOString();
  const ev = (action: string, from: string | null, to: string, m: number): EventRow => ({ id: randomUUID(), report_id: row.id, at: at(m), actor, action, from_status: from, to_status: to });
  const list = [{ ...ev('receive', null, 'received', 0), actor: row.source === 'public' ? 'public' : `org:${row.reporter?.organisation ?? 'inconnu'}` }];
  const who = row.claimed_by ?? 'superviseur';
  if (row.status !== 'received') list.push({ ...ev('claim', 'received', 'in_progress', 30), actor: who });
  if (row.decision) {
    for (const action of ['verify', 'qualify', 'orient'] as const) list.push({ ...ev(action, 'in_progress', 'in_progress', STEP_MINUTES[action]), actor: who });
    list.push({ ...ev('propose', 'in_progress', 'decision_proposed', STEP_MINUTES.propose), actor: who });
  }
  const approver = row.decision?.review?.by;
  if (approver) list.push({ ...ev('approve', 'decision_proposed', 'decided', STEP_MINUTES.approve), actor: approver });
  if (row.status === 'transmitted') list.push({ ...ev('transmit', 'decided', 'transmitted', 200), actor: 'superviseur' });
  return list;
}

function makeRow(i: number, rnd: () => number, opts: SyntheticOptions, now: number, prev: Row | null): Row {
  const duplicate = prev !== null && opts.duplicateEvery !== undefined && i % opts.duplicateEvery === 0;
  const entry = duplicate ? { category: prev.category as CorpusEntry['category'], text: prev.description, path: '' } : pick(rnd, CORPUS);
  const source: Source = rnd() < 0.7 ? 'public' : pick(rnd, SOURCES);
  const url = duplicate ? (prev.urls[0] ?? '') : reportUrl(i, entry.path, opts);
  const receivedAt = new Date(now - rnd() * (opts.days ?? 14) * 86_400_000);
  const life = lifecycle(rnd, opts);
  const decision = life.claimedBy
    ? demoDecision({
        index: i, category: entry.category, status: life.status, analyst: life.claimedBy, supervisor: opts.supervisor ?? 'superviseur',
        receivedAt: receivedAt.toISOString(), services: opts.services ?? DIRECTORY_SEED,
      })
    : null;
  return {
    id: randomUUID(), source, category: entry.category, status: life.status, priority: basePriority(entry.category, source),
    urls: [url], canonical_urls: [canonicalUrl(url) ?? url], description: entry.text, reporter: reporterFor(rnd, source),
    external_ref: source === 'public' ? null : `EXT-${100000 + i}`, received_at: receivedAt.toISOString(),
    updated_at: new Date(Math.min(now, receivedAt.getTime() + 3 * 3600_000)).toISOString(),
    claimed_by: life.claimedBy, lease_until: life.status === 'in_progress' ? new Date(now + 3600_000).toISOString() : null,
    assigned_to: life.assignedTo, cluster_id: null, decision,
  };
}

/**
 * Inserts `count` synthetic reports with their events, in batches of multi-row inserts fed from one
 * JSON parameter each (jsonb_to_recordset): no per-row statements, so 100 000 reports take seconds.
 */
export async function seedSyntheticReports(db: Db, count: number, opts: SyntheticOptions = {}): Promise<void> {
  const rnd = seededRandom(opts.seed ?? 1);
  const now = (opts.now ?? new Date()).getTime();
  const batch = opts.batchSize ?? 2000;
  for (let start = 0; start < count; start += batch) {
    const rows: Row[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) rows.push(makeRow(i, rnd, opts, now, rows.at(-1) ?? null));
    // Receipt order = version order, as if the reports had arrived one by one.
    rows.sort((a, b) => a.received_at.localeCompare(b.received_at));
    const events = rows.flatMap((r) => eventsFor(r, r.claimed_by ?? 'superviseur'));
    await insertBatch(db, rows, events);
  }
  // Fresh statistics after a bulk load, so the planner picks index plans (PGlite has no autovacuum).
  await db.execute(sql`analyze reports`);
  await db.execute(sql`analyze report_events`);
}

export async function insertBatch(db: Db, rows: Row[], events: EventRow[]): Promise<void> {
  await withReportsLock(db, async (tx) => {
    // Events first, foreign key checked at commit: the reports' sync documents (built by trigger at
    // insert) then include their events with no second pass over the reports.
    await tx.execute(sql`set constraints report_events_report_id_reports_id_fk deferred`);
    await tx.execute(sql`
      insert into report_events (id, report_id, at, actor, action, from_status, to_status)
      select e.id, e.report_id, e.at, e.actor, e.action, e.from_status, e.to_status
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(id uuid, report_id uuid, at timestamptz, actor text,
        action text, from_status text, to_status text)`);
    await tx.execute(sql`
      insert into reports (id, reference, source, category, status, priority, urls, canonical_urls, description, reporter,
        external_ref, received_at, updated_at, claimed_by, lease_until, assigned_to, cluster_id, decision)
      select r.id, 'PH-' || to_char(r.received_at at time zone 'UTC', 'YYYY') || '-' || lpad(nextval('report_reference_seq')::text, 6, '0'),
        r.source, r.category, r.status, r.priority, r.urls, r.canonical_urls, r.description, r.reporter,
        r.external_ref, r.received_at, r.updated_at, r.claimed_by, r.lease_until, r.assigned_to, r.cluster_id, r.decision
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, source text, category text, status text,
        priority int, urls jsonb, canonical_urls jsonb, description text, reporter jsonb, external_ref text, received_at timestamptz,
        updated_at timestamptz, claimed_by text, lease_until timestamptz, assigned_to text, cluster_id uuid, decision jsonb)`);
  });
}

/**
 * Groups open reports of the same page into clusters (the first report's id names the cluster), as
 * intake does one report at a time; used after bulk seeding.
 */
export async function linkClusters(db: Db): Promise<void> {
  await withReportsLock(db, async (tx) => {
    await tx.execute(sql`
      with groups as (
        select canonical_urls->>0 as u, (array_agg(id::text order by received_at))[1]::uuid as first
        from reports where status in ('received', 'in_progress', 'decision_proposed', 'returned')
        group by 1 having count(*) > 1)
      update reports r set cluster_id = g.first, version = nextval('report_version_seq')
      from groups g
      where r.canonical_urls->>0 = g.u and r.cluster_id is null
        and r.status in ('received', 'in_progress', 'decision_proposed', 'returned')`);
  });
}

export type { Row as SyntheticRow, EventRow as SyntheticEventRow };
