import { sql } from 'drizzle-orm';
import { verifyChain, type AuditEntry, type ChainBreak, type ChainHead } from '@shared';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { sha256Hex } from './log';

/** What a walk of the whole log found: counts and times, or the first entry that does not hold. */
export type AuditReport = {
  server: { entries: number; first: string | null; last: string | null };
  devices: { device: string; entries: number; first: string | null; last: string | null }[];
  broken: (ChainBreak & { chain: 'server' | 'device' }) | null;
};

const PAGE = 2000;
type Row = { seq: string | number; prev_hash: string; actor: string; device: string; at: string; action: string; payload_hash: string; hash: string; payload?: string };
const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq), prevHash: r.prev_hash, actor: r.actor, device: r.device, at: r.at, action: r.action, payloadHash: r.payload_hash, hash: r.hash,
});

type Walk = { entries: number; first: string | null; last: string | null; broken: ChainBreak | null };

/** Walks one chain page by page (keyset on seq), recomputing every hash; stops at the first break. */
async function walk(fetch: (after: number) => Promise<Row[]>, withPayload: boolean): Promise<Walk> {
  const out: Walk = { entries: 0, first: null, last: null, broken: null };
  let head: ChainHead = null;
  for (;;) {
    const rows = await fetch(head?.seq ?? 0);
    if (rows.length === 0) return out;
    const entries = rows.map(toEntry);
    // The stored payload text is what was hashed: a changed byte shows here.
    const bad = withPayload ? rows.findIndex((r) => sha256Hex(r.payload ?? '') !== r.payload_hash) : -1;
    const badEntry = bad === -1 ? undefined : entries[bad];
    out.broken =
      verifyChain(sha256Hex, head, bad === -1 ? entries : entries.slice(0, bad)) ??
      (badEntry ? { seq: badEntry.seq, device: badEntry.device, kind: 'payload', message: `entrée n° ${badEntry.seq} : le contenu enregistré ne correspond pas à son empreinte` } : null);
    if (out.broken) {
      const seq = out.broken.seq;
      out.entries += Math.max(0, entries.findIndex((e) => e.seq === seq));
      return out;
    }
    out.entries += entries.length;
    out.first ??= entries[0]?.at ?? null;
    const last = entries[entries.length - 1];
    out.last = last?.at ?? out.last;
    head = last ? { seq: last.seq, hash: last.hash } : head;
  }
}

/**
 * Verifies the server's chain (payloads included) and every device chain it holds, entry by entry from
 * the first: `pharos-server audit verify`. Reads in pages, so a log of millions of entries fits in memory.
 */
export async function verifyAuditLog(db: Db): Promise<AuditReport> {
  const server = await walk(
    (after) => queryRows<Row>(db, sql`select seq, prev_hash, actor, device, at, action, payload, payload_hash, hash from audit_log where seq > ${after} order by seq limit ${PAGE}`),
    true,
  );
  const report: AuditReport = { server: { entries: server.entries, first: server.first, last: server.last }, devices: [], broken: server.broken ? { ...server.broken, chain: 'server' } : null };
  if (report.broken) return report;
  const devices = await queryRows<{ device: string }>(db, sql`select distinct device from audit_device_entries order by device`);
  for (const { device } of devices) {
    const d = await walk(
      (after) =>
        queryRows<Row>(
          db,
          sql`select seq, prev_hash, actor, device::text as device, at, action, payload_hash, hash from audit_device_entries where device = ${device} and seq > ${after} order by seq limit ${PAGE}`,
        ),
      false,
    );
    report.devices.push({ device, entries: d.entries, first: d.first, last: d.last });
    if (d.broken) return { ...report, broken: { ...d.broken, chain: 'device' } };
  }
  const link = await firstBrokenLink(db);
  return link ? { ...report, broken: link } : report;
}

/**
 * Each processed mutation's server entry names the device entry that recorded it (seq, hash, payload
 * hash). A device chain rewritten and re-hashed from some entry on is consistent in itself, but no longer
 * matches what the server's chain recorded when it received it: the first such entry is reported.
 */
async function firstBrokenLink(db: Db): Promise<AuditReport['broken']> {
  const [row] = await queryRows<{ seq: string | number; device: string; dseq: string | number }>(
    db,
    sql`select l.seq, l.device, l.payload::json->'deviceEntry'->>'seq' as dseq
      from audit_log l
      left join audit_device_entries d on d.device = l.device::uuid and d.seq = (l.payload::json->'deviceEntry'->>'seq')::bigint
      where l.action like 'mutation.%' and l.payload::json->'deviceEntry'->>'hash' is not null
        and (d.hash is distinct from l.payload::json->'deviceEntry'->>'hash' or d.payload_hash is distinct from l.payload::json->'deviceEntry'->>'payloadHash')
      order by l.seq limit 1`,
  );
  if (!row) return null;
  return {
    chain: 'device',
    device: row.device,
    seq: Number(row.dseq),
    kind: 'link',
    message: `entrée n° ${row.dseq} : ne correspond plus à celle que le journal du serveur a enregistrée (entrée n° ${row.seq} du serveur) — journal du poste réécrit ?`,
  };
}

/** The result in French then English, for the command line. */
export function describeAudit(r: AuditReport): string {
  const total = r.server.entries + r.devices.reduce((n, d) => n + d.entries, 0);
  if (r.broken) {
    const where = r.broken.chain === 'server' ? 'journal du serveur / server log' : `journal du poste / device log ${r.broken.device}`;
    return [
      `JOURNAL D’AUDIT ALTÉRÉ — ${where}, entrée n° ${r.broken.seq} (${r.broken.kind}) : ${r.broken.message}.`,
      `AUDIT LOG BROKEN — ${where}, entry #${r.broken.seq}: ${englishKind(r.broken.kind)}.`,
      `(${total} entrée(s) vérifiée(s) avant elle / entries verified before it)`,
    ].join('\n');
  }
  const lines = [
    `Journal d’audit intact : ${r.server.entries} entrée(s) du serveur, ${r.devices.length} poste(s), ${total - r.server.entries} entrée(s) de postes.`,
    `Audit log intact: ${r.server.entries} server entries, ${r.devices.length} device(s), ${total - r.server.entries} device entries.`,
    `  serveur / server : ${span(r.server)}`,
  ];
  for (const d of r.devices) lines.push(`  poste / device ${d.device} : ${d.entries} entrée(s), ${span(d)}`);
  return lines.join('\n');
}

const span = (x: { first: string | null; last: string | null }): string => (x.first ? `du / from ${x.first} au / to ${x.last}` : 'vide / empty');

function englishKind(kind: ChainBreak['kind']): string {
  switch (kind) {
    case 'seq':
      return 'sequence number out of order (missing or repeated entry)';
    case 'prev':
      return 'previous-hash link does not match the entry before';
    case 'hash':
      return 'entry hash does not match its fields (altered)';
    case 'payload':
      return 'stored payload does not match its payload hash (altered)';
    case 'link':
      return 'no longer the device entry the server log recorded on receipt (device log rewritten)';
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}
