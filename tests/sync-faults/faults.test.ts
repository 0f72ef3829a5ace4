import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/app';
import { backends, createDatabase, warnIfSkipped } from '../server/helpers';
import { startFaultProxy } from './proxy';
import { seededRandom } from '@shared/random';
import { checkRound, runRound, type World } from './round';
import { openStation, type Station } from './station';

/**
 * Exactly-once sync under faults (issue 3): three workstations, each with its own encrypted store, sync
 * through a proxy that drops requests and responses, delays, duplicates and replays them late, while
 * the server is sometimes restarted mid-push. After each round: every change applied exactly once in
 * per-client order, nothing lost, every workstation equal to the server. The rounds are shared between
 * the embedded database (PGlite) and the real PostgreSQL of the test setup (all on PGlite without it).
 * PHAROS_FAULT_ROUNDS runs more rounds (soak); PHAROS_FAULT_SEED replays a run.
 */
const ROUNDS = Number(process.env.PHAROS_FAULT_ROUNDS ?? 200);
const SEED = Number(process.env.PHAROS_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PG_SHARE = 0.3;
const PASSWORD = 'mot de passe de test 123';

const all = backends();
const pgRounds = all.some((b) => b.name === 'postgres' && !b.skip) ? Math.round(ROUNDS * PG_SHARE) : 0;
const roundsOn = (name: string): number => (name === 'postgres' ? pgRounds : ROUNDS - pgRounds);

async function openWorld(dir: string, databaseUrl: string | null): Promise<World> {
  const dataDir = path.join(dir, 'server');
  const server = await startServer({ dataDir, port: 0, databaseUrl });
  const tls = { cert: readFileSync(path.join(dataDir, 'tls', 'server.crt'), 'utf8'), key: readFileSync(path.join(dataDir, 'tls', 'server.key'), 'utf8') };
  const proxy = await startFaultProxy({ ...tls, upstream: server.url, rnd: seededRandom(SEED ^ 0x5bd1e995) });
  const stations: Station[] = [];
  for (const name of ['poste-a', 'poste-b', 'poste-c']) {
    await server.admin.addUser({ username: name, role: 'analyst', password: PASSWORD });
    const code = await server.admin.createEnrolmentCode();
    const s = await openStation({ dir, name, serverUrl: server.url, fingerprint: server.fingerprint, code, username: name, password: PASSWORD });
    await s.retarget(proxy.url);
    stations.push(s);
  }
  const world: World = {
    server,
    proxy,
    stations,
    recorded: new Map(stations.map((s) => [s, []])),
    restart: async () => {
      await world.server.close();
      world.server = await startServer({ dataDir, port: server.port, databaseUrl });
    },
  };
  return world;
}

describe.each(all)('sync under injected faults on $name', (b) => {
  warnIfSkipped(b, 'sync faults');
  const rounds = roundsOn(b.name);
  let dir: string;
  let world: World;
  let drop = async (): Promise<void> => {};

  beforeAll(async () => {
    if (b.skip || rounds === 0) return;
    dir = mkdtempSync(path.join(tmpdir(), 'pharos-faults-'));
    const database = b.name === 'postgres' ? await createDatabase() : null;
    if (database) drop = database.drop;
    world = await openWorld(dir, database?.url ?? null);
  }, 120_000);

  afterAll(async () => {
    for (const s of world?.stations ?? []) await s.close();
    await world?.proxy.close();
    await world?.server.close();
    await drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(b.skip || rounds === 0)(`${rounds} randomised rounds: exactly once, in order, nothing lost, all converged`, async () => {
    const rnd = seededRandom(SEED);
    const started = Date.now();
    let restarts = 0;
    const restart = world.restart;
    let restartMs = 0;
    world.restart = async () => {
      restarts += 1;
      const t = Date.now();
      await restart();
      restartMs += Date.now() - t;
    };
    const checked = { seq: 0, processed: new Map<Station, number>() };
    const where = (round: number) => `${b.name}, round ${round} (PHAROS_FAULT_SEED=${SEED})`;
    for (let round = 1; round <= rounds; round++) {
      const reportIds = await runRound(world, rnd, { faultRate: 0.35, restartRate: 0.03 }).catch((e: unknown) =>
        expect.fail(`${where(round)}: ${e instanceof Error ? e.message : String(e)}`),
      );
      const violation = await checkRound(world, reportIds, checked);
      if (violation) expect.fail(`${where(round)}: ${violation}`);
    }
    const total = [...world.recorded.values()].reduce((n, ids) => n + ids.length, 0);
    console.info(
      `[sync-faults] ${b.name}, seed ${SEED}: ${rounds} rounds, ${total} mutations, ${restarts} server restarts (${restartMs} ms), faults ${JSON.stringify(world.proxy.counts)}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(total).toBeGreaterThan(rounds);
  }, 600_000);
});
