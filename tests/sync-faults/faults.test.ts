import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/app';
import { startFaultProxy } from './proxy';
import { seededRandom } from '@shared/random';
import { checkRound, runRound, type World } from './round';
import { openStation, type Station } from './station';

/**
 * Exactly-once sync under faults (issue 3): three workstations, each with its own encrypted store, sync
 * through a proxy that drops requests and responses, delays, duplicates and replays them late, while
 * the server is sometimes restarted mid-push. After each round: every change applied exactly once in
 * per-client order, nothing lost, every workstation equal to the server.
 * PHAROS_FAULT_ROUNDS runs more rounds (soak); PHAROS_FAULT_SEED replays a run.
 */
const ROUNDS = Number(process.env.PHAROS_FAULT_ROUNDS ?? 200);
const SEED = Number(process.env.PHAROS_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PASSWORD = 'mot de passe de test 123';

let dir: string;
let world: World;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pharos-faults-'));
  const dataDir = path.join(dir, 'server');
  const server = await startServer({ dataDir, port: 0, databaseUrl: null });
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
  world = {
    server,
    proxy,
    stations,
    recorded: new Map(stations.map((s) => [s, []])),
    restart: async () => {
      await world.server.close();
      world.server = await startServer({ dataDir, port: server.port, databaseUrl: null });
    },
  };
}, 120_000);

afterAll(async () => {
  for (const s of world?.stations ?? []) await s.close();
  await world?.proxy.close();
  await world?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync under injected faults', () => {
  it(`${ROUNDS} randomised rounds: exactly once, in order, nothing lost, all converged`, async () => {
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
    for (let round = 1; round <= ROUNDS; round++) {
      const reportIds = await runRound(world, rnd, { faultRate: 0.35, restartRate: 0.03 }).catch((e: unknown) =>
        expect.fail(`round ${round} (PHAROS_FAULT_SEED=${SEED}): ${e instanceof Error ? e.message : String(e)}`),
      );
      const violation = await checkRound(world, reportIds, checked);
      if (violation) expect.fail(`round ${round} (PHAROS_FAULT_SEED=${SEED}): ${violation}`);
    }
    const total = [...world.recorded.values()].reduce((n, ids) => n + ids.length, 0);
    console.info(
      `[sync-faults] seed ${SEED}: ${ROUNDS} rounds, ${total} mutations, ${restarts} server restarts (${restartMs} ms), faults ${JSON.stringify(world.proxy.counts)}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(total).toBeGreaterThan(ROUNDS);
  }, 600_000);
});
