// Push sync: (1) after a long offline period, 10 000 changes recorded in the encrypted store are pushed
// and acknowledged (target ≥ 2 000 mutations/s on the embedded server); (2) online, with background
// sync running, the median time from recording a change to its being applied on the server (target
// ≤ 300 ms). The server runs in this process (PGlite, HTTPS). Prints figures, no pass/fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Mutation } from '../src/shared/sync/mutations';
import { startServer } from '../src/server/app';
import { queryRows } from '../src/server/db/rows';
import { verifyAuditLog } from '../src/server/audit/verify';
import { openLocalDb } from '../src/main/db/index';
import { enrolDevice } from '../src/main/enrolment/index';
import { createAuth } from '../src/main/auth/index';
import { createServerClient } from '../src/main/server-client/index';
import { createSyncEngine, pushAll, recordMutation } from '../src/main/sync/index';

const COUNT = Number(process.env.BENCH_MUTATIONS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 60);
const root = mkdtempSync(path.join(tmpdir(), 'pharos-bench-push-'));
const USER = { username: 'bench.analyste', password: 'mot de passe du banc 123' };

async function main(): Promise<void> {
  const server = await startServer({ dataDir: path.join(root, 'server'), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...USER, role: 'analyst' });
  await server.admin.seedSynthetic(8000);
  const db = openLocalDb({ file: path.join(root, 'workstation.db'), key: randomBytes(32) });
  await enrolDevice(db, { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Banc' });
  const identity = db.device.get()!;
  const client = createServerClient({ serverUrl: identity.serverUrl, certPem: identity.certPem, fingerprint: identity.fingerprint });
  const auth = createAuth({ db: () => db, client: () => client, onSession: () => undefined });
  const user = (await auth.login(USER.username, USER.password))!.user;
  const sync = createSyncEngine({
    db: () => db, client: () => client, loggedIn: () => true, token: auth.accessToken, user: async () => user,
    onStatus: () => undefined, onUnauthorized: () => undefined, intervalMs: 1000,
  });
  await sync.now();
  const actor = { clientId: identity.deviceId, userId: user.id, username: user.username, role: user.role };
  const open = db.queuePage({ statuses: ['received'], sort: 'priority', offset: 0, limit: 5000 }).rows.map((r) => r.id);

  // (1) Offline backlog, as an officer works: on each report in turn, claim, verification, two notes,
  // release (five changes per report, so 10 000 changes touch 2 000 reports).
  console.log(`${open.length} reports waiting in the queue`);
  let t = performance.now();
  const steps = (reportId: string, baseVersion: number): Mutation[] => [
    { name: 'claim', args: { reportId, baseVersion } },
    { name: 'setVerification', args: { reportId, baseVersion, outcome: 'present' } },
    { name: 'note', args: { reportId, text: 'Contenu toujours accessible, capture faite.' } },
    { name: 'note', args: { reportId, text: 'Hébergeur identifié, demande de conservation à envoyer.' } },
    { name: 'release', args: { reportId, baseVersion } },
  ];
  for (let i = 0; i < COUNT; i += 5) {
    const reportId = open[(i / 5) % open.length]!;
    for (const m of steps(reportId, db.getReport(reportId)!.version).slice(0, COUNT - i)) recordMutation(db, actor, m);
  }
  const recordMs = performance.now() - t;
  console.log(`recorded ${COUNT} changes offline in ${(recordMs / 1000).toFixed(2)} s (${Math.round(COUNT / (recordMs / 1000))} /s, each with its local effect)`);
  t = performance.now();
  // CPU time of this process (workstation and embedded server both run here): a figure that a machine
  // shared with other work does not distort the way wall time is.
  const cpu = process.cpuUsage();
  await pushAll({ db, client, token: auth.accessToken, clientId: identity.deviceId, userId: user.id });
  const sendMs = performance.now() - t;
  const status = await sync.now();
  const pushMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  console.log(`  of which push requests ${(sendMs / 1000).toFixed(2)} s, then pull with acknowledgement ${((pushMs - sendMs) / 1000).toFixed(2)} s`);
  const [row] = await queryRows<{ applied: string; rejected: string }>(server.admin.db, sql`select count(*) filter (where status = 'applied') as applied, count(*) filter (where status = 'rejected') as rejected from sync_mutations`);
  console.log(`pushed and acknowledged ${COUNT} mutations in ${(pushMs / 1000).toFixed(2)} s: ${Math.round(COUNT / (pushMs / 1000))} mutations/s (target ≥ 2 000/s); server: ${row?.applied} applied, ${row?.rejected} rejected; waiting after: ${status.pending}`);
  console.log(`  CPU time of push and acknowledgement: ${cpuS.toFixed(2)} s, ${Math.round(COUNT / cpuS)} mutations per CPU-second`);

  // The audit chains that went with the push: the device's as received, the server's own, then a full verification.
  const [chains] = await queryRows<{ device: string; server: string }>(
    server.admin.db,
    sql`select (select count(*) from audit_device_entries where device = ${identity.deviceId}) as device, (select count(*) from audit_log) as server`,
  );
  t = performance.now();
  const verified = await verifyAuditLog(server.admin.db);
  console.log(
    `audit: ${db.audit.count(identity.deviceId)} local entries, ${chains?.device} held by the server for this device, ${chains?.server} in the server's chain; ` +
      `audit verify ${verified.broken ? 'BROKEN' : 'intact'} in ${((performance.now() - t) / 1000).toFixed(2)} s`,
  );

  // (2) Online latency with background sync: record, then watch the server's log for it.
  sync.start();
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    const { mutationId } = recordMutation(db, actor, { name: 'note', args: { reportId: open[i % open.length]!, text: `Note en ligne ${i}` } });
    sync.kick();
    for (;;) {
      const seen = await queryRows<{ n: number }>(server.admin.db, sql`select 1 as n from sync_mutations where client_id = ${identity.deviceId} and mutation_id = ${mutationId}`);
      if (seen.length > 0) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    latencies.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number): string => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
  console.log(`recorded → on the server, ${SAMPLES} changes with background sync: median ${q(0.5)} ms, p95 ${q(0.95)} ms (target median ≤ 300 ms)`);
  await sync.stop();
  await client.close();
  db.close();
  await server.close();
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(root, { recursive: true, force: true }));
