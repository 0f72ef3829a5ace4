import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, openLocalDb, openRaw } from '../../../src/main/db';
import { FACET_JOIN, FACET_MARK } from '../../../src/main/db/search-migrations';
import { BUILTIN_OFFENCES } from '@shared';
import { EMPTY_DECISION } from '@shared/workflow/decision';
import { syntheticReport } from '../helpers/synthetic';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger') ORDER BY name").pluck().all() as string[]);

describe('local store migrations', () => {
  it('has one migration per version, numbered from 1', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('migration 1 creates the core tables and nothing else', () => {
    const { sqlite } = openRaw({ file: path.join(tempDir(), 'a.db'), key: randomBytes(32), targetVersion: 1 });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(1);
    const names = tables(sqlite);
    for (const t of ['reports', 'report_events', 'kv', 'device']) expect(names).toContain(t);
    expect(names).not.toContain('reports_fts');
    sqlite.close();
  });

  it('migration 2 adds the queue indexes and indexes reports that were already there for search', () => {
    const file = path.join(tempDir(), 'b.db');
    const key = randomBytes(32);
    const v1 = openRaw({ file, key, targetVersion: 1 });
    const r = syntheticReport(7);
    v1.sqlite
      .prepare(
        `INSERT INTO reports (id, reference, source, category, status, priority, urls, first_url, url_count, description, received_at, updated_at, version, search_urls)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.reference, r.source, r.category, r.status, r.priority, JSON.stringify(r.urls), r.urls[0], r.urls.length, 'contenu haineux signalé', r.receivedAt, r.updatedAt, 1, r.urls.join(' '));
    v1.sqlite.close();
    const v2 = openRaw({ file, key, targetVersion: 2 });
    expect(v2.sqlite.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(v2.sqlite)).toEqual(expect.arrayContaining(['reports_fts', 'ix_queue_priority', 'ix_queue_received', 'reports_fts_ai']));
    expect(tables(v2.sqlite)).not.toContain('queue_counts');
    const hits = v2.sqlite.prepare("SELECT rowid FROM reports_fts WHERE reports_fts MATCH 'haineux'").pluck().all();
    expect(hits).toHaveLength(1);
    v2.sqlite.close();
  });

  it('migration 3 counts existing reports per facet and keeps the counts exact through changes', () => {
    const file = path.join(tempDir(), 'b3.db');
    const key = randomBytes(32);
    const v2 = openLocalDb({ file, key, targetVersion: 2 });
    const rs = [0, 1, 2, 3, 4, 5].map((i) => syntheticReport(i, 5));
    v2.writer.applyPage(rs.map((report) => ({ op: 'put' as const, report })), {});
    v2.close();
    const db = openLocalDb({ file, key, targetVersion: 3 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(3);
    const sum = () => db.sqlite.prepare('SELECT sum(n) FROM queue_counts').pluck().get();
    expect(sum()).toBe(6);
    const moved = { ...rs[0]!, category: 'terrorism' as const, status: 'decided' as const };
    db.writer.applyPage([{ op: 'put', report: moved }, { op: 'del', id: rs[1]!.id }, { op: 'put', report: syntheticReport(9, 5) }], {});
    expect(sum()).toBe(6);
    expect(db.queuePage({ categories: ['terrorism'], statuses: ['decided'], sort: 'priority', offset: 0, limit: 50 }).total).toBe(
      [moved, ...rs.slice(2), syntheticReport(9, 5)].filter((r) => r.category === 'terrorism' && r.status === 'decided').length,
    );
    db.close();
  });

  it('migration 4 adds the facet index that filtered text search counts on', () => {
    const file = path.join(tempDir(), 'b4.db');
    const key = randomBytes(32);
    const v3 = openLocalDb({ file, key, targetVersion: 3 });
    const rs = Array.from({ length: 40 }, (_, i) => syntheticReport(i, 6));
    v3.writer.applyPage(rs.map((report) => ({ op: 'put' as const, report })), {});
    v3.close();
    const db = openLocalDb({ file, key, targetVersion: 4 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(4);
    expect(tables(db.sqlite)).toContain('ix_search_facets');
    const plan = db.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM reports INDEXED BY ix_search_facets WHERE category IN ('scam') AND seq IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH 'x')")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('ix_search_facets');
    db.close();
  });

  it('migration 5 adds the outbox, the kept server versions and the refused changes, numbering per client', () => {
    const file = path.join(tempDir(), 'b5.db');
    const key = randomBytes(32);
    const v4 = openLocalDb({ file, key, targetVersion: 4 });
    v4.writer.applyPage([{ op: 'put', report: syntheticReport(3, 5) }], {});
    v4.close();
    const db = openLocalDb({ file, key, targetVersion: 5 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(5);
    expect(tables(db.sqlite)).toEqual(expect.arrayContaining(['outbox', 'ix_outbox_report', 'report_base', 'mutation_rejections']));
    expect(db.countReports()).toBe(1);
    const entry = { clientId: 'c1', name: 'note', args: { text: 'x' }, reportId: 'r1', userId: 'u1', username: 'ana', role: 'analyst' as const, createdAt: '2026-01-01T00:00:00.000Z' };
    expect([db.outbox.append(entry), db.outbox.append(entry), db.outbox.append({ ...entry, clientId: 'c2' })]).toEqual([1, 2, 1]);
    expect(db.outbox.acknowledge('c1', 2, new Map([[1, { kind: 'conflict' as const, message: 'déjà pris' }]]), '2026-01-01T00:00:01.000Z')).toBe(2);
    expect(db.outbox.count()).toBe(1);
    expect(db.outbox.rejections(10)).toMatchObject([{ clientId: 'c1', id: 1, reason: { kind: 'conflict', message: 'déjà pris' } }]);
    // Ids never restart after acknowledgement: the server would take a reused id for a retry.
    expect(db.outbox.append(entry)).toBe(3);
    db.close();
  });

  it('migration 6 puts the facets in the full-text index and indexes the addresses, not their JSON list', () => {
    const file = path.join(tempDir(), 'b6.db');
    const key = randomBytes(32);
    const v5 = openLocalDb({ file, key, targetVersion: 5 });
    const rs = Array.from({ length: 60 }, (_, i) => syntheticReport(i, 6));
    v5.writer.applyPage(rs.map((report) => ({ op: 'put' as const, report })), {});
    v5.close();
    const db = openLocalDb({ file, key, targetVersion: 6 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(6);
    const facet = (s: string) => `"${FACET_MARK}${s.replaceAll('_', FACET_JOIN)}"`;
    const count = (match: string) => db.sqlite.prepare('SELECT count(*) FROM reports_fts WHERE reports_fts MATCH ?').pluck().get(match);
    expect(count(facet('cscam'))).toBe(rs.filter((r) => r.category === 'scam').length);
    expect(count(facet('cchild_sexual_abuse'))).toBe(rs.filter((r) => r.category === 'child_sexual_abuse').length);
    expect(count(`"signalement" AND ${facet('spublic')}`)).toBe(0);
    expect(count(`"signalement" AND ${facet('opublic')}`)).toBe(rs.filter((r) => r.source === 'public').length);
    // What an officer types can never reach a facet term: the private-use mark separates words.
    expect(db.queuePage({ text: `${FACET_MARK}cscam`, sort: 'priority', offset: 0, limit: 50 }).total).toBe(0);
    // A status change moves the report between facet terms (update trigger).
    const claimed = { ...rs[0]!, status: 'in_progress' as const, claimedBy: 'ana', version: rs[0]!.version + 1 };
    const before = count(facet('sin_progress')) as number;
    db.writer.applyPage([{ op: 'put', report: claimed }], {});
    expect(count(facet('sin_progress'))).toBe(before + (rs[0]!.status === 'in_progress' ? 0 : 1));
    // The stored JSON quotes are not indexed: a rebuild reads the same column as the triggers.
    db.sqlite.exec("INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')");
    db.sqlite.exec("INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')");
    db.sqlite.exec("INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')");
    db.close();
  });

  it('migration 8 adds the catalog, its article and word indexes and favourites, keeping the reports', () => {
    const file = path.join(tempDir(), 'b8.db');
    const key = randomBytes(32);
    const v7 = openLocalDb({ file, key, targetVersion: 7 });
    v7.writer.applyPage([{ op: 'put', report: syntheticReport(4, 5) }], {});
    v7.close();
    const db = openLocalDb({ file, key, targetVersion: 8 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(8);
    expect(tables(db.sqlite)).toEqual(expect.arrayContaining(['catalog_offences', 'catalog_articles', 'catalog_fts', 'catalog_favourites', 'catalog_fts_au']));
    expect(db.countReports()).toBe(1);
    const offence = BUILTIN_OFFENCES.find((o) => o.id === 'cp-313-1')!;
    db.catalog.applyPage([offence], 'c1');
    expect(db.catalog.search({ text: 'escroq', limit: 5 }).map((h) => h.id)).toEqual(['cp-313-1']);
    expect(db.catalog.search({ text: '313-1', limit: 5 }).map((h) => h.id)).toEqual(['cp-313-1']);
    db.catalog.applyPage([{ ...offence, label: 'Escroquerie (libellé revu)' }], 'c2');
    expect(db.catalog.search({ text: 'revu', limit: 5 }).map((h) => h.id)).toEqual(['cp-313-1']);
    expect(db.catalog.search({ text: 'escroquerie', limit: 5 })).toHaveLength(1);
    db.close();
  });

  it('migration 9 adds the captures table: rows per report, the upload queue by due time, interrupted captures failed', () => {
    const file = path.join(tempDir(), 'b9c.db');
    const key = randomBytes(32);
    const v8 = openLocalDb({ file, key, targetVersion: 8 });
    v8.writer.applyPage([{ op: 'put', report: syntheticReport(4, 5) }], {});
    v8.close();
    const db = openLocalDb({ file, key, targetVersion: 9 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(9);
    expect(tables(db.sqlite)).toEqual(expect.arrayContaining(['captures', 'ix_captures_report', 'ix_captures_upload', 'report_captures']));
    expect(db.countReports()).toBe(1);
    const base = {
      reportId: 'r1', url: 'https://exemple.fr/', finalUrl: null, state: 'running' as const, reason: '', startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: null, operator: 'ana', steps: [], artifacts: [], waczSha256: null, waczBytes: null, signer: null, verification: null,
      uploadState: null, uploadSent: 0, uploadAttempts: 0, uploadNextAt: null, uploadError: null,
    };
    db.captures.insert({ ...base, id: 'c1' });
    db.captures.insert({ ...base, id: 'c2', startedAt: '2026-01-01T00:01:00.000Z' });
    const done = db.captures.update('c1', {
      state: 'complete', steps: [{ at: base.startedAt, label: 'Chargement' }], uploadState: 'waiting', uploadNextAt: '2026-01-01T00:05:00.000Z',
      artifacts: [{ name: 'capture.wacz', mime: 'application/wacz', bytes: 10, sha256: 'ab', evidenceId: 'e1' }],
    });
    expect(done).toMatchObject({ state: 'complete', steps: [{ label: 'Chargement' }], artifacts: [{ evidenceId: 'e1' }], uploadState: 'waiting' });
    expect(db.captures.forReport('r1').map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(db.captures.dueUploads('2026-01-01T00:04:00.000Z', 10)).toEqual([]);
    expect(db.captures.dueUploads('2026-01-01T00:06:00.000Z', 10).map((c) => c.id)).toEqual(['c1']);
    expect(db.captures.nextUploadAt()).toBe('2026-01-01T00:05:00.000Z');
    expect(db.captures.failInterrupted('2026-01-01T00:02:00.000Z')).toBe(1);
    expect(db.captures.get('c2')).toMatchObject({ state: 'failed', reason: expect.stringMatching(/interrompue/) });
    expect(() => db.captures.update('c1', { state: 'bogus' as 'failed' })).toThrow(/CHECK/);
    db.close();
    // The server's list of a report's captures is kept with the report, and survives a document without it
    // (read through the latest schema: reports are read with every column of the current version).
    const latest = openLocalDb({ file, key });
    const r = syntheticReport(4, 5);
    const listed = [{ captureId: 'c1', url: base.url, finalUrl: null, state: 'complete' as const, startedAt: base.startedAt, endedAt: base.startedAt,
      waczSha256: 'a'.repeat(64), waczBytes: 10, signerFingerprint: 'ab', recordedBy: 'ana', uploadedAt: null }];
    latest.writer.applyPage([{ op: 'put', report: { ...r, captures: listed } }], {});
    expect(latest.getReport(r.id)?.captures).toEqual(listed);
    latest.writer.applyPage([{ op: 'put', report: r }], {});
    expect(latest.getReport(r.id)?.captures).toEqual(listed);
    latest.close();
  });

  it('migration 10 keeps each report’s decision, absent for reports synced before it', () => {
    const file = path.join(tempDir(), 'b10w.db');
    const key = randomBytes(32);
    const v9 = openLocalDb({ file, key, targetVersion: 9 });
    const before = syntheticReport(4, 5);
    v9.writer.applyPage([{ op: 'put', report: before }], {});
    v9.close();
    const db = openLocalDb({ file, key, targetVersion: 10 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(10);
    expect(db.getReport(before.id)).toEqual(before);
    expect(db.getReport(before.id)).not.toHaveProperty('decision');
    const decision = { ...EMPTY_DECISION, comments: [{ kind: 'comment' as const, by: 'sup', at: '2026-01-01T00:00:00.000Z', text: 'Vu.' }] };
    db.writer.applyPage([{ op: 'put', report: { ...before, decision } }], {});
    expect(db.getReport(before.id)?.decision).toEqual(decision);
    db.close();
  });

  it('migration 11 keeps acknowledged changes for a while, and can put those after an id back in the outbox', () => {
    const file = path.join(tempDir(), 'b11.db');
    const key = randomBytes(32);
    openLocalDb({ file, key, targetVersion: 10 }).close();
    const db = openLocalDb({ file, key, targetVersion: 11 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(11);
    expect(tables(db.sqlite)).toEqual(expect.arrayContaining(['outbox_acked', 'ix_outbox_acked_at']));
    const entry = { clientId: 'c1', name: 'note', args: { text: 'x' }, reportId: 'r1', userId: 'u1', username: 'ana', role: 'analyst' as const, createdAt: '2026-01-01T00:00:00.000Z' };
    for (let i = 0; i < 4; i++) db.outbox.append(entry);
    db.outbox.acknowledge('c1', 3, new Map([[3, { kind: 'conflict' as const, message: 'refusé' }]]), '2026-01-02T00:00:00.000Z');
    expect(db.outbox.count()).toBe(1);
    // Older than the retention window at the next acknowledgement: forgotten.
    db.outbox.append({ ...entry, clientId: 'old' });
    db.outbox.acknowledge('old', 1, new Map(), '2025-01-01T00:00:00.000Z');
    db.outbox.acknowledge('c1', 0, new Map(), '2026-01-03T00:00:00.000Z');
    expect(db.outbox.restoreAcknowledged('old', 0)).toEqual([]);
    const back = db.outbox.restoreAcknowledged('c1', 1);
    expect(back.map((e) => e.id)).toEqual([2, 3]);
    expect(db.outbox.pending('c1', 0, 10).map((e) => e.id)).toEqual([2, 3, 4]);
    expect(db.outbox.rejections(10)).toEqual([]);
    expect(db.outbox.restoreAcknowledged('c1', 1)).toEqual([]);
    db.close();
  });

  it('migration 12 adds the category-then-priority index, and a category page walks it from its first row', () => {
    const file = path.join(tempDir(), 'b12.db');
    const key = randomBytes(32);
    const before = openLocalDb({ file, key, targetVersion: 11 });
    before.writer.applyPage([0, 1, 2, 3].map((i) => ({ op: 'put' as const, report: syntheticReport(i) })), {});
    before.close();
    const db = openLocalDb({ file, key, targetVersion: 12 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(12);
    expect(tables(db.sqlite)).toContain('ix_queue_category_priority');
    const plan = db.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT seq FROM reports WHERE category IN ('scam') ORDER BY priority DESC, received_at ASC, seq ASC LIMIT 50")
      .all()
      .map((r) => (r as { detail: string }).detail);
    expect(plan.join(' ')).toContain('ix_queue_category_priority (category=?)');
    expect(plan.join(' ')).not.toContain('TEMP B-TREE');
    expect(db.queuePage({ sort: 'priority', offset: 0, limit: 50 }).total).toBe(4);
    db.close();
  });

  it('refuses a store written by a newer version, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'c.db');
    const key = randomBytes(32);
    openLocalDb({ file, key }).close();
    const raw = openRaw({ file, key, targetVersion: LATEST_VERSION });
    raw.sqlite.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    raw.sqlite.close();
    const before = readFileSync(file);
    expect(() => openLocalDb({ file, key })).toThrow(/version plus récente de PHAROS Workstation/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses the wrong key with a clear error, and the file is really encrypted', () => {
    const file = path.join(tempDir(), 'd.db');
    const db = openLocalDb({ file, key: randomBytes(32) });
    db.writer.applyPage([{ op: 'put', report: syntheticReport(1) }], {});
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(() => openLocalDb({ file, key: randomBytes(32) })).toThrow(/ne peut pas être déchiffrée/);
    expect(readFileSync(file).includes(Buffer.from('PHR-2026'))).toBe(false);
    expect(readFileSync(file).subarray(0, 15).toString()).not.toBe('SQLite format 3');
  });

  it('detects a modified page instead of reading altered data (authenticated encryption)', () => {
    const file = path.join(tempDir(), 't.db');
    const key = randomBytes(32);
    const db = openLocalDb({ file, key });
    db.writer.applyPage([{ op: 'put', report: syntheticReport(1) }], {});
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    const pageSize = 4096;
    // Flip one bit in the middle of every page but the first: whichever holds the report, reading it fails.
    for (let offset = pageSize + 2048; offset < bytes.length; offset += pageSize) bytes[offset]! ^= 1;
    writeFileSync(file, bytes);
    expect(() => {
      const reopened = openLocalDb({ file, key });
      try {
        reopened.sqlite.prepare('SELECT * FROM reports').all();
      } finally {
        reopened.close();
      }
    }).toThrow();
  });
});

describe('bulk load of a first sync', () => {
  const schemaOf = (db: Database.Database): string[] =>
    (db.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name").pluck().all() as string[]).map((s) =>
      s.replace(/\s+/g, ' '),
    );

  it('ends with exactly the schema of a migrated store, and finds everything', () => {
    const dir = tempDir();
    const reference = openLocalDb({ file: path.join(dir, 'ref.db'), key: randomBytes(32) });
    const db = openLocalDb({ file: path.join(dir, 'bulk.db'), key: randomBytes(32) });
    expect(db.bulkLoad.begin()).toBe(true);
    expect(schemaOf(db.sqlite)).not.toEqual(schemaOf(reference.sqlite));
    const rs = Array.from({ length: 120 }, (_, i) => syntheticReport(i, 8));
    db.writer.applyPage(rs.slice(0, 60).map((report) => ({ op: 'put' as const, report })), {});
    db.writer.applyPage(rs.slice(60).map((report) => ({ op: 'put' as const, report })), {});
    db.bulkLoad.end();
    expect(schemaOf(db.sqlite)).toEqual(schemaOf(reference.sqlite));
    expect(db.queuePage({ text: rs[99]!.reference, sort: 'priority', offset: 0, limit: 50 }).rows.map((r) => r.id)).toEqual([rs[99]!.id]);
    expect(db.queuePage({ sort: 'oldest', offset: 0, limit: 50 }).total).toBe(120);
    // Later changes are indexed row by row again.
    db.writer.applyPage([{ op: 'put', report: { ...rs[3]!, description: 'mot introuvable ailleurs zanzibar' } }], {});
    expect(db.queuePage({ text: 'zanzibar', sort: 'priority', offset: 0, limit: 50 }).total).toBe(1);
    expect(db.bulkLoad.begin()).toBe(false); // not empty any more
    reference.close();
    db.close();
  });

  it('is finished at the next open when a crash cut it short', () => {
    const file = path.join(tempDir(), 'crash.db');
    const key = randomBytes(32);
    const db = openLocalDb({ file, key });
    db.bulkLoad.begin();
    db.writer.applyPage([{ op: 'put', report: syntheticReport(1, 12) }], { 'sync.cursor': 'c1' });
    db.close(); // no end(): as if the process died
    const again = openLocalDb({ file, key });
    expect(again.bulkLoad.active()).toBe(false);
    expect(again.queuePage({ text: syntheticReport(1, 12).reference, sort: 'priority', offset: 0, limit: 50 }).total).toBe(1);
    again.close();
  });
});
