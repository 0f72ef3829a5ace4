import type { Report } from '@shared/domain/report';
import type { QueuePage } from '@shared/api/contract';
import { openRaw, type OpenOptions, type Sqlite } from './open';
import { createKvStore, type KvStore } from './kv';
import { createDeviceStore, type DeviceStore } from './device';
import { countReports, createReportWriter, getReport, type ReportWriter } from './reports';
import { createQueueReader, type QueueFilter } from './queue';
import { createBulkLoad, type BulkLoad } from './bulk';
import { createOutboxStore, type OutboxStore } from './outbox';
import { createAuditStore, type AuditStore } from './audit';
import { createCatalogStore, type CatalogStore } from './catalog';
import { createCaptureStore, type CaptureStore } from './captures';

/** The open encrypted store and everything the services do with it. */
export type LocalDb = {
  readonly file: string;
  readonly sqlite: Sqlite;
  kv: KvStore;
  device: DeviceStore;
  writer: ReportWriter;
  /** Local changes waiting for the server, the server versions under them, refused changes. */
  outbox: OutboxStore;
  /** The hash-chained log of local actions (append through src/main/audit, which computes the hashes). */
  audit: AuditStore;
  /** The legal catalog synced from the server, its search and the officers' favourites. */
  catalog: CatalogStore;
  /** Captures of reports made on this workstation, their artifacts and upload queue (migration 9). */
  captures: CaptureStore;
  /** Runs `fn` in one write transaction (a local change and its outbox entry commit together). */
  transaction<T>(fn: () => T): T;
  /** First sync into an empty store: search structures built once at the end (see bulk.ts). */
  bulkLoad: BulkLoad;
  queuePage(filter: QueueFilter): QueuePage;
  getReport(id: string): Report | null;
  countReports(): number;
  /** Forgets every synced report and the sync position (enrolment with another server). */
  clearSyncedData(): void;
  /** Refreshes the planner's statistics after a large ingest, so it keeps choosing the right index. */
  optimize(): void;
  close(): void;
};

export const DB_FILE = 'workstation.db';

/**
 * The captures listed in a report's server document, kept beside the report row (migration 9) by the
 * same transaction that writes the report. A document without the field (older server) keeps what is known.
 */
function withReportCaptures(sqlite: Sqlite, inner: ReportWriter): { writer: ReportWriter; read(r: Report | null): Report | null } {
  if ((sqlite.pragma('user_version', { simple: true }) as number) < 9) return { writer: inner, read: (r) => r };
  const put = sqlite.prepare('INSERT INTO report_captures (report_id, captures) VALUES (?, ?) ON CONFLICT (report_id) DO UPDATE SET captures = excluded.captures');
  const get = sqlite.prepare('SELECT captures FROM report_captures WHERE report_id = ?').pluck();
  const write = (r: Report) => {
    if (r.captures) put.run(r.id, JSON.stringify(r.captures));
  };
  return {
    writer: {
      applyPage: (changes, settings, after) =>
        inner.applyPage(changes, settings, (touched) => {
          for (const c of changes) if (c.op === 'put') write(c.report);
          after?.(touched);
        }),
      putReport: (r) => {
        inner.putReport(r);
        write(r);
      },
    },
    read: (r) => {
      if (!r) return r;
      const raw = get.get(r.id) as string | undefined;
      return raw ? { ...r, captures: JSON.parse(raw) as Report['captures'] } : r;
    },
  };
}

export function openLocalDb(opts: OpenOptions): LocalDb {
  const { sqlite, orm } = openRaw(opts);
  const writer = withReportCaptures(sqlite, createReportWriter(sqlite));
  const queue = createQueueReader(sqlite);
  const bulkLoad = createBulkLoad(sqlite);
  // A bulk load cut short by a crash is finished now: the store never stays without its indexes.
  bulkLoad.end();
  let open = true;
  // Prepared on first use: stores opened at an older schema version (migration tests) have no outbox.
  let outbox: OutboxStore | null = null;
  let audit: AuditStore | null = null;
  let catalog: CatalogStore | null = null;
  let captures: CaptureStore | null = null;
  return {
    file: opts.file,
    sqlite,
    kv: createKvStore(orm),
    device: createDeviceStore(orm),
    writer: writer.writer,
    get outbox() {
      outbox ??= createOutboxStore(sqlite);
      return outbox;
    },
    get audit() {
      audit ??= createAuditStore(sqlite);
      return audit;
    },
    get catalog() {
      catalog ??= createCatalogStore(sqlite);
      return catalog;
    },
    get captures() {
      captures ??= createCaptureStore(sqlite);
      return captures;
    },
    transaction: (fn) => sqlite.transaction(fn).immediate(),
    bulkLoad,
    queuePage: (filter) => queue.page(filter),
    getReport: (id) => writer.read(getReport(orm, id)),
    countReports: () => countReports(sqlite),
    clearSyncedData: () => {
      sqlite.transaction(() => {
        sqlite.exec(`DELETE FROM reports; DELETE FROM report_events; DELETE FROM catalog_offences; DELETE FROM catalog_articles; DELETE FROM kv WHERE key LIKE 'sync.%' OR key LIKE 'auth.%';`);
      }).immediate();
    },
    optimize: () => {
      sqlite.pragma('analysis_limit = 1000');
      sqlite.exec('ANALYZE');
      // One full-text segment instead of one per synced page: searches merge far fewer doclists.
      sqlite.exec(`INSERT INTO reports_fts (reports_fts) VALUES ('optimize')`);
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: () => {
      if (!open) return;
      open = false;
      sqlite.close();
    },
  };
}
