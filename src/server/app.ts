import path from 'node:path';
import type { Role } from '@shared';
import type { DemoInfo } from '@shared/http/server-ready';
import { addUser, createApiKey, createEnrolmentCode, type ApiKeySource } from './auth/admin';
import { NonceCache } from './auth/proof';
import type { TokenTtl } from './auth/sessions';
import type { ThrottlePolicy } from './auth/throttle';
import { loadTokenSecret } from './auth/secrets';
import { describeModeFixes, prepareDataDir } from './data-dir';
import { openDatabase, type DatabaseKind, type Db } from './db/database';
import { assertDemoHost } from './demo/host';
import { seedDemo } from './demo/seed';
import { seedSyntheticReports, type SyntheticOptions } from './demo/synthetic';
import { loadEvidenceKey } from './evidence/key';
import type { EvidenceLimits } from './evidence/limits';
import { createEvidenceStorage } from './evidence/storage';
import { buildApp } from './http/build-app';
import { ensureBuiltinCatalog } from './catalog';
import { DEFAULT_FORM_RATE_LIMIT } from './intake/form-routes';
import { loadTls } from './tls';
import { seedDirectory } from './review';

export type { DemoInfo };

export type StartOptions = {
  dataDir: string;
  /** Default 8443; 0 picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  demo?: boolean;
  /** Lets a demo server listen on a non-loopback host (its accounts are public). */
  demoPublic?: boolean;
  /** Else env DATABASE_URL, else PGlite in dataDir/pglite; null forces PGlite even when DATABASE_URL is set. */
  databaseUrl?: string | null;
  tls?: { certFile: string; keyFile: string };
  formRateLimit?: { max: number; timeWindowMs: number };
  /** Session token lifetimes (default 15 min access, 12 h refresh). */
  tokenTtl?: TokenTtl;
  /** Login throttle per account and per device (default DEFAULT_THROTTLE: tests shorten it). */
  loginThrottle?: ThrottlePolicy;
  /** Authentication requests per client address (default 300 a minute). */
  authIpLimit?: { max: number; timeWindowMs: number };
  log?: boolean;
  /** Evidence upload bounds (default 2 GiB per capture, 8 GiB pending per officer, 24 h abandon). */
  evidence?: Partial<EvidenceLimits>;
  /** Where start-up warnings go (repaired file modes, migrated evidence); default stderr. */
  warn?: (text: string) => void;
};

export type ServerAdmin = {
  addUser(p: { username: string; role: Role; password?: string; displayName?: string }): Promise<{ id: string; password: string }>;
  createEnrolmentCode(ttlHours?: number): Promise<string>;
  createApiKey(p: { organisation: string; source: ApiKeySource }): Promise<string>;
  /** Bulk synthetic reports (benchmarks, tests). */
  seedSynthetic(count: number, opts?: SyntheticOptions): Promise<void>;
  /** The database handle, for tests and benchmarks that inspect or alter the state directly. */
  db: Db;
};

export type RunningServer = {
  /** https://HOST:PORT */
  url: string;
  port: number;
  /** SHA-256 of the certificate DER, AB:CD:… */
  fingerprint: string;
  caPem: string;
  database: DatabaseKind;
  demo: DemoInfo | null;
  admin: ServerAdmin;
  close(): Promise<void>;
};

export const DEFAULT_PORT = 8443;

const CLOSE_GRACE_MS = 2_000;

/** Starts the central server: database (migrated), HTTPS, routes, and the demo data when asked. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (opts.demo) assertDemoHost(host, opts.demoPublic === true);
  const warn = opts.warn ?? ((t: string) => void process.stderr.write(t));
  // Before anything is created: the umask, and the repair of what an older version left readable.
  const fixed = prepareDataDir(opts.dataDir);
  if (fixed.length > 0) warn(describeModeFixes(opts.dataDir, fixed));
  const tls = await loadTls(opts.dataDir, opts.tls);
  const evidenceKey = loadEvidenceKey(opts.dataDir, true);
  const opened = await openDatabase({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl === null ? undefined : (opts.databaseUrl ?? (process.env.DATABASE_URL || undefined)) });
  const { db } = opened;
  const evidence = createEvidenceStorage({ db, dir: path.join(opts.dataDir, 'evidence'), key: evidenceKey, limits: opts.evidence, warn });
  try {
    await seedDirectory(db);
    // The built-in taxonomy is part of the server's code: every start brings the catalog up to it.
    await ensureBuiltinCatalog(db);
    await evidence.start();
    const auth = { db, tokenSecret: loadTokenSecret(opts.dataDir), nonces: new NonceCache(), ttl: opts.tokenTtl, throttle: opts.loginThrottle, ipLimit: opts.authIpLimit };
    const app = await buildApp({
      db,
      database: opened.kind,
      tls,
      auth,
      formRateLimit: opts.formRateLimit ?? DEFAULT_FORM_RATE_LIMIT,
      demoWeb: opts.demo === true,
      log: opts.log === true,
      evidence,
    });
    await app.listen({ port: opts.port ?? DEFAULT_PORT, host }).catch(async (e: unknown) => {
      await app.close();
      throw e;
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEFAULT_PORT);
    const url = `https://${urlHost(host)}:${port}`;
    const demo = opts.demo ? await seedDemo(db, { port }).catch(async (e: unknown) => {
      await app.close();
      throw e;
    }) : null;
    return {
      url,
      port,
      fingerprint: tls.fingerprint,
      caPem: tls.caPem,
      database: opened.kind,
      demo,
      admin: {
        addUser: (p) => addUser(db, p),
        createEnrolmentCode: (ttlHours) => createEnrolmentCode(db, ttlHours),
        createApiKey: (p) => createApiKey(db, p),
        seedSynthetic: (count, o) => seedSyntheticReports(db, count, o),
        db,
      },
      close: async () => {
        // Requests in progress get a moment to finish; then every connection is cut, or a stalled client
        // (a body that never ends) would hold the server open for good after its signal.
        const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(cut);
        }
        await evidence.stop();
        await opened.close();
      },
    };
  } catch (e) {
    await evidence.stop();
    await opened.close();
    throw e;
  }
}

/** Wildcard binds are reached through loopback; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
