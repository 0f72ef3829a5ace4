import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import { queryRows } from '../../src/server/db/rows';
import { submitReport } from '../../src/server/intake/service';
import { openLocalDb } from '../../src/main/db';
import { seededRandom } from '@shared/random';
import { openStation } from './station';

/**
 * A workstation process killed with SIGKILL while it records changes and pushes them (between a local
 * commit and its push, or during the push), then restarted on the same encrypted store: every change it
 * committed reaches the server exactly once, in order. PHAROS_KILL_ROUNDS runs more rounds.
 */
const ROUNDS = Number(process.env.PHAROS_KILL_ROUNDS ?? 4);
const SEED = Number(process.env.PHAROS_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PASSWORD = 'mot de passe de test 123';
const root = path.resolve(import.meta.dirname, '../..');

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pharos-kill-'));
  server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, databaseUrl: null });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Child = { lines: AsyncIterator<string>; kill(): Promise<void>; exited: Promise<number | null> };

function runChild(config: object): Child {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'tests/sync-faults/child.ts'], { cwd: root, env: { ...process.env, PHAROS_CHILD: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines: createInterface({ input: child.stdout })[Symbol.asyncIterator](),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}

async function waitFor(child: Child, prefix: string, count = 1): Promise<string> {
  let seen = 0;
  for (;;) {
    const next = await child.lines.next();
    if (next.done) throw new Error(`the workstation process ended before "${prefix}"`);
    if (next.value.startsWith(prefix) && ++seen >= count) return next.value;
  }
}

describe('workstation killed with SIGKILL mid-work', () => {
  it(`${ROUNDS} rounds: committed changes reach the server exactly once after a restart on the same store`, async () => {
    const rnd = seededRandom(SEED);
    const name = 'poste-k';
    await server.admin.addUser({ username: name, role: 'analyst', password: PASSWORD });
    const key = randomBytes(32);
    const first = await openStation({ dir, name, key, serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), username: name, password: PASSWORD });
    const clientId = first.clientId;
    await first.close();
    const base = { dir, name, keyHex: key.toString('hex'), serverUrl: server.url, fingerprint: server.fingerprint, username: name, password: PASSWORD };
    let highestSeen = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const reportIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        reportIds.push((await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Signalement de la série SIGKILL.' }, { source: 'public' })).id);
      }
      const worker = runChild({ ...base, mode: 'work', reportIds, seed: Math.floor(rnd() * 2 ** 31) });
      const line = await waitFor(worker, 'RECORDED', 3 + Math.floor(rnd() * 12));
      highestSeen = Math.max(highestSeen, Number(line.split(' ')[1]));
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 25)));
      await worker.kill();
      const drain = runChild({ ...base, mode: 'drain', reportIds, seed: 0 });
      expect(await waitFor(drain, 'DRAINED'), `round ${round} (PHAROS_FAULT_SEED=${SEED})`).toBe('DRAINED 0');
      await drain.exited;

      const db = openLocalDb({ file: path.join(dir, `${name}.db`), key });
      const lastRecorded = db.kv.get<number>(`outbox.lastId:${clientId}`) ?? 0;
      expect(db.outbox.count()).toBe(0);
      db.close();
      const log = await queryRows<{ id: string | number }>(server.admin.db, sql`select mutation_id as id from sync_mutations where client_id = ${clientId} order by seq`);
      const ids = log.map((r) => Number(r.id));
      expect(lastRecorded, `round ${round} (PHAROS_FAULT_SEED=${SEED})`).toBeGreaterThanOrEqual(highestSeen);
      expect(ids, `round ${round} (PHAROS_FAULT_SEED=${SEED})`).toEqual(Array.from({ length: lastRecorded }, (_, i) => i + 1));
    }
  }, 240_000);
});
