import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { inject } from 'vitest';
import { deviceProofPayload, type LoginResponse } from '@shared';
import { startServer, type RunningServer, type StartOptions } from '../../src/server/app';

/** The two engines every integration suite runs against. */
export type Backend = { name: 'pglite' | 'postgres'; skip: boolean; reason: string | null };

export function backends(): Backend[] {
  const pgUrl = inject('pgUrl');
  return [
    { name: 'pglite', skip: false, reason: null },
    { name: 'postgres', skip: pgUrl === null, reason: pgUrl === null ? inject('pgSkipReason') : null },
  ];
}

/** Says why a PostgreSQL suite does not run, instead of skipping silently. */
export function warnIfSkipped(b: Backend, suite: string): void {
  if (b.skip) console.warn(`[${suite}] PostgreSQL suite skipped: ${b.reason ?? 'no PostgreSQL'}`);
}

/** A fresh database in the throwaway cluster, so suites stay independent; dropped by `drop`. */
export async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = inject('pgUrl');
  if (!base) throw new Error('no PostgreSQL');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: base.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type TestServer = RunningServer & {
  dataDir: string;
  /** The PostgreSQL database (null on PGlite, whose data is in dataDir). */
  dbUrl: string | null;
  api<T = unknown>(path: string, init?: { method?: string; json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> }): Promise<{ status: number; body: T; text: string; headers: Headers }>;
  /** Stops the server and removes its data (and its PostgreSQL database). */
  destroy(): Promise<void>;
  /** Restarts on the same data folder and database. */
  restart(extra?: Partial<StartOptions>): Promise<TestServer>;
};

export async function startTestServer(b: Backend, opts: Partial<StartOptions> = {}, reuse?: { dataDir: string; dbUrl: string | null; drop: () => Promise<void> }): Promise<TestServer> {
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'pharos-srv-'));
  const created = reuse ? null : b.name === 'postgres' ? await createDatabase() : null;
  const dbUrl = reuse ? reuse.dbUrl : (created?.url ?? null);
  const drop = reuse?.drop ?? created?.drop ?? (async () => {});
  const server = await startServer({ dataDir, port: 0, databaseUrl: dbUrl, ...opts });
  const agent = new Agent({ connect: { ca: server.caPem } });
  const api: TestServer['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      dispatcher: agent,
      redirect: 'manual',
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* HTML or empty */
    }
    return { status: res.status, body: body as never, text, headers: res.headers as unknown as Headers };
  };
  // Closing twice (a test that stops the server to run a command on its data, then destroy) is a no-op.
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= server.close());
  return {
    ...server,
    close,
    dataDir,
    dbUrl,
    api,
    destroy: async () => {
      await close();
      await agent.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    restart: async (extra = {}) => {
      await close();
      await agent.close();
      return startTestServer(b, { ...opts, ...extra }, { dataDir, dbUrl, drop });
    },
  };
}

/** A workstation identity: an Ed25519 key pair and a device id. */
export type TestDevice = { deviceId: string; publicKey: string; privateKey: KeyObject };

export function newDevice(): TestDevice {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { deviceId: randomUUID(), publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey };
}

export function proof(device: TestDevice, purpose: 'login' | 'refresh', subject: string, over: { timestamp?: string; nonce?: string; key?: KeyObject } = {}) {
  const timestamp = over.timestamp ?? new Date().toISOString();
  const nonce = over.nonce ?? randomBytes(16).toString('hex');
  const payload = deviceProofPayload({ purpose, subject, deviceId: device.deviceId, timestamp, nonce });
  const signature = sign(null, Buffer.from(payload), over.key ?? device.privateKey).toString('base64');
  return { deviceId: device.deviceId, timestamp, nonce, signature };
}

export async function enrol(server: TestServer, device: TestDevice, code?: string): Promise<{ status: number; body: unknown }> {
  const c = code ?? (await server.admin.createEnrolmentCode());
  return server.api('/api/v1/devices/enrol', { json: { code: c, deviceId: device.deviceId, name: 'Poste de test', publicKey: device.publicKey } });
}

/** Creates a user, enrols a device and logs in: the access token of a ready workstation session. */
export async function session(server: TestServer, username: string, role: 'analyst' | 'cyberpatrol' | 'supervisor' | 'admin'): Promise<LoginResponse & { device: TestDevice }> {
  const password = 'mot-de-passe-de-test';
  await server.admin.addUser({ username, role, password });
  const device = newDevice();
  const e = await enrol(server, device);
  if (e.status !== 201) throw new Error(`enrol failed ${e.status}`);
  const res = await server.api<LoginResponse>('/api/v1/auth/login', { json: { username, password, ...proof(device, 'login', username) } });
  if (res.status !== 200) throw new Error(`login failed ${res.status} ${res.text}`);
  return { ...res.body, device };
}
