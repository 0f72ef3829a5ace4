// Server side of the sync target: seed N synthetic reports, then pull them all over HTTPS as a
// supervisor and print seeding and pull throughput. Usage: node bin/run-ts.mjs bench/server-pull.ts [N] [limit]
// Uses PostgreSQL when DATABASE_URL is set, else PGlite in a temporary folder.
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { deviceProofPayload, PULL_MAX_LIMIT, type LoginResponse, type PullResponse } from '@shared';
import { startServer } from '../src/server/app';
import { pullPage } from '../src/server/sync/pull';

const count = Number(process.argv[2] ?? 100_000);
const limit = Number(process.argv[3] ?? PULL_MAX_LIMIT);
const dataDir = mkdtempSync(join(tmpdir(), 'pharos-bench-'));
const database = await benchDatabase();
const server = await startServer({ dataDir, port: 0, databaseUrl: database?.url ?? null });
const agent = new Agent({ connect: { ca: server.caPem } });
const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

try {
  let t = performance.now();
  await server.admin.seedSynthetic(count, { analysts: ['analyste'], cyberpatrols: ['cyberpatrouille'] });
  const seedMs = performance.now() - t;
  console.log(`${server.database}: seeded ${count} reports in ${(seedMs / 1000).toFixed(1)} s (${Math.round(count / (seedMs / 1000))} reports/s)`);

  await server.admin.addUser({ username: 'chef', role: 'supervisor', password: 'bench-password' });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const deviceId = randomUUID();
  const code = await server.admin.createEnrolmentCode();
  await post('/api/v1/devices/enrol', { code, deviceId, name: 'bench', publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
  const timestamp = new Date().toISOString();
  const nonce = randomBytes(16).toString('hex');
  const signature = sign(null, Buffer.from(deviceProofPayload({ purpose: 'login', subject: 'chef', deviceId, timestamp, nonce })), privateKey).toString('base64');
  const session = await post<LoginResponse>('/api/v1/auth/login', { username: 'chef', password: 'bench-password', deviceId, timestamp, nonce, signature });

  t = performance.now();
  let cursor: string | null = null;
  let received = 0;
  let pages = 0;
  for (;;) {
    const page: PullResponse = await post<PullResponse>('/api/v1/sync/pull', { cursor, limit }, session.accessToken);
    received += page.changes.length;
    pages++;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const pullMs = performance.now() - t;
  console.log(`pulled ${received} reports in ${pages} pages of ${limit} in ${(pullMs / 1000).toFixed(2)} s: ${Math.round(received / (pullMs / 1000))} reports/s (HTTPS + JSON parse in the client)`);

  // The same feed without HTTP: what the database and the page assembly cost alone.
  t = performance.now();
  let direct = 0;
  let c: string | null = null;
  for (;;) {
    const page = await pullPage(server.admin.db, { username: 'chef', role: 'supervisor' }, { cursor: c, limit });
    direct += page.count;
    c = page.cursor;
    if (!page.hasMore) break;
  }
  const directMs = performance.now() - t;
  console.log(`server side only (pullPage, no HTTP): ${direct} reports in ${(directMs / 1000).toFixed(2)} s: ${Math.round(direct / (directMs / 1000))} reports/s`);
} finally {
  await server.close();
  await agent.close();
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
}

/** With DATABASE_URL, a fresh database on that server for this run (dropped at the end). */
async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  const name = `pharos_bench_${randomBytes(4).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database ${name} with (force)`) };
}
