import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_OFFENCES, type CatalogHit, type Offence } from '@shared';
import type { Result } from '@shared/result';
import type { Session, SyncStatus } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { importNatinfFile } from '../../../src/server/catalog';
import { DEMO_NATINF_FILE } from '../../../src/server/demo/catalog';
import { createWorkstation, type Workstation } from '../../../src/main/api';
import { TEST_KDF } from '../helpers/temp';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-catalog-sync-'));
  dirs.push(d);
  return d;
};
const USER = { username: 'analyste.catalogue', password: 'mot de passe de test 123' };

let server: RunningServer;
let ws: Workstation;
const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
  const r: Result<unknown> = await ws.router(method, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value as T;
};

beforeAll(async () => {
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...USER, role: 'analyst' });
  await importNatinfFile(server.admin.db, DEMO_NATINF_FILE);
  ws = await createWorkstation({ dataDir: tmp(), kdf: TEST_KDF, syncIntervalMs: 3_600_000 });
  await call('vault.create', { passphrase: 'phrase secrète de test' });
  const code = await server.admin.createEnrolmentCode();
  await call('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code, deviceName: 'Poste catalogue' });
}, 120_000);

afterAll(async () => {
  await ws?.close();
  await server?.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('legal catalog reaching a workstation through sync', () => {
  it('pulls the built-in taxonomy and the NATINF rows into the encrypted store, searchable offline', async () => {
    expect(await call<CatalogHit[]>('catalog.search', { text: '30736' })).toEqual([]);
    await call<Session>('auth.login', USER);
    expect(await call<SyncStatus>('sync.now')).toMatchObject({ lastError: null, online: true });
    const hits = await call<CatalogHit[]>('catalog.search', { text: '30736' });
    expect(hits[0]).toMatchObject({ natinf: '30736', source: 'natinf', category: 'terrorism', match: 'natinf' });
    const builtin = await call<CatalogHit[]>('catalog.search', { text: 'art. 421-2-5', category: 'terrorism', limit: 50 });
    expect(builtin.filter((h) => h.source === 'builtin').length).toBeGreaterThanOrEqual(2);
    const all = await call<CatalogHit[]>('catalog.search', { text: '', limit: 100 });
    expect(all.length).toBe(100);
    expect(all.slice(0, BUILTIN_OFFENCES.length).every((h) => h.source === 'builtin')).toBe(true);
  }, 60_000);

  it('brings a re-imported change on the next sync, and only the change', async () => {
    const dir = tmp();
    const file = path.join(dir, 'natinf-v2.csv');
    writeFileSync(file, readFileSync(DEMO_NATINF_FILE, 'utf8').replace('7875;Délit;ESCROQUERIE;', '7875;Délit;ESCROQUERIE SIMPLE;'));
    expect(await importNatinfFile(server.admin.db, file)).toMatchObject({ updated: 1, inserted: 0 });
    await call<SyncStatus>('sync.now');
    const [hit] = await call<CatalogHit[]>('catalog.search', { text: '7875' });
    expect(hit?.label).toBe('ESCROQUERIE SIMPLE');
    expect(await call<CatalogHit[]>('catalog.search', { text: 'escroquerie simple' })).toHaveLength(1);
  }, 60_000);

  it('keeps the officer’s favourites per category, and refuses an unknown offence', async () => {
    const favs = await call<Offence[]>('catalog.toggleFavourite', { category: 'terrorism', id: 'natinf-30736' });
    expect(favs.map((f) => f.id)).toEqual(['natinf-30736']);
    expect((await call<Offence[]>('catalog.favourites', { category: 'terrorism' })).map((f) => f.natinf)).toEqual(['30736']);
    expect(await call<Offence[]>('catalog.favourites', { category: 'scam' })).toEqual([]);
    const unknown = await ws.router('catalog.toggleFavourite', { category: 'scam', id: 'natinf-999999' }, { transport: 'test' });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    const bad = await ws.router('catalog.search', { text: 'x', limit: 1000 }, { transport: 'test' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});
