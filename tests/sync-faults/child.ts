// A workstation in its own process, for the SIGKILL rounds (run by kill.test.ts through bin/run-ts.mjs).
// `work`: records random changes, printing "RECORDED <id>" after each commit, with syncs running in the
// background, until it is killed. `drain`: syncs until nothing waits, prints "DRAINED", exits.
import type { Mutation } from '@shared/sync/mutations';
import { seededRandom } from '@shared/random';
import { openStation } from './station';

type ChildConfig = {
  mode: 'work' | 'drain';
  dir: string;
  name: string;
  keyHex: string;
  serverUrl: string;
  fingerprint: string;
  username: string;
  password: string;
  reportIds: string[];
  seed: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const cfg = JSON.parse(process.env.PHAROS_CHILD ?? '{}') as ChildConfig;
  const station = await openStation({ ...cfg, key: Buffer.from(cfg.keyHex, 'hex') });
  const rnd = seededRandom(cfg.seed);
  if (cfg.mode === 'drain') {
    for (let i = 0; i < 500 && station.db.outbox.count() > 0; i++) await station.sync.now().catch(() => sleep(10));
    await station.sync.now();
    process.stdout.write(`DRAINED ${station.db.outbox.count()}\n`);
    await station.close();
    return;
  }
  // The round's fresh reports first (and whatever a previous, killed run left waiting).
  await station.sync.now().catch(() => undefined);
  process.stdout.write('READY\n');
  for (let i = 0; ; i++) {
    const reportId = cfg.reportIds[Math.floor(rnd() * cfg.reportIds.length)] ?? '';
    const baseVersion = station.db.getReport(reportId)?.version ?? 0;
    const m: Mutation = rnd() < 0.5 ? { name: 'note', args: { reportId, text: `note ${i}` } } : { name: rnd() < 0.5 ? 'claim' : 'release', args: { reportId, baseVersion } };
    const id = station.record(m);
    if (id !== null) process.stdout.write(`RECORDED ${id}\n`);
    // Pushes run while changes keep being recorded: the kill lands before, during or after a push.
    if (i % 3 === 0) void station.sync.now().catch(() => undefined);
    await sleep(Math.floor(rnd() * 4));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
