import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { evidenceClient, officer, type Officer } from './fixture';

// Bounds of the evidence upload: the declared size, each officer's pending bytes, and uploads nobody
// finishes. Small limits through the server options stand for the defaults (2 GiB, 8 GiB, 24 h).

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
};

describe.each(backends())('evidence upload limits on $name', (b) => {
  warnIfSkipped(b, 'evidence limits');
  let server: TestServer;
  let ana: Officer;
  let bob: Officer;
  const warnings: string[] = [];
  const client = evidenceClient(() => server);
  const evidence = { maxBytes: 100_000, quotaBytes: 150_000, abandonAfterMs: 3_600_000 };
  const shortAbandon = { ...evidence, abandonAfterMs: 3_000 };
  const files = () => readdirSync(path.join(server.dataDir, 'evidence'));
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b, { evidence, warn: (t) => warnings.push(t) });
    ana = await officer(server, 'ana');
    bob = await officer(server, 'bob');
  });
  afterAll(async () => server?.destroy());

  it.skipIf(b.skip)('refuses a capture declared above the size limit with 413 and the reason, writing nothing', async () => {
    const big = randomBytes(100_001);
    const c = await client.record(ana, big);
    const status = await client.status(ana, c.captureId);
    expect(status.status).toBe(413);
    expect(status.body.error?.message).toBe('Preuve refusée : la capture annonce 97.66 Kio (100001 octets), au-delà de la limite du serveur (97.66 Kio (100000 octets)).');
    const put = await client.put(ana, c.captureId, 0, big.subarray(0, 1000));
    expect(put.status).toBe(413);
    expect(put.body.error?.kind).toBe('validation');
    expect(files().some((n) => n.startsWith(c.captureId))).toBe(false);
    // At the limit it is accepted.
    const fits = randomBytes(100_000);
    const ok = await client.record(ana, fits);
    expect((await client.put(ana, ok.captureId, 0, fits)).body.complete).toBe(true);
  });

  it.skipIf(b.skip)('holds each officer to a quota of pending bytes, freed as uploads complete', async () => {
    const first = randomBytes(90_000);
    const second = randomBytes(80_000);
    const a1 = await client.record(ana, first);
    const a2 = await client.record(ana, second);
    expect((await client.put(ana, a1.captureId, 0, first.subarray(0, 10_000))).status).toBe(200);
    // 90 000 pending + 80 000 > 150 000: the second waits (429, the workstation retries later).
    const refused = await client.put(ana, a2.captureId, 0, second.subarray(0, 10_000));
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toMatch(/^Envoi différé : 1 envoi\(s\) de preuve en cours \(87\.89 Kio \(90000 octets\)\) ; avec celui-ci \(78\.13 Kio \(80000 octets\)\), le quota de 146\.48 Kio \(150000 octets\) par agent serait dépassé/);
    expect(files().some((n) => n.startsWith(a2.captureId))).toBe(false);
    // Another officer has a quota of their own.
    const other = randomBytes(80_000);
    const b1 = await client.record(bob, other);
    expect((await client.put(bob, b1.captureId, 0, other.subarray(0, 1000))).status).toBe(200);
    // Once the first is complete, the second goes through.
    expect((await client.put(ana, a1.captureId, 10_000, first.subarray(10_000))).body.complete).toBe(true);
    expect((await client.put(ana, a2.captureId, 0, second)).body.complete).toBe(true);
  });

  it.skipIf(b.skip)('removes uploads abandoned past the age limit, by the periodic sweep and at start', async () => {
    server = await server.restart({ evidence: shortAbandon, warn: (t) => warnings.push(t) });
    const wacz = randomBytes(50_000);
    const c = await client.record(ana, wacz);
    expect((await client.put(ana, c.captureId, 0, wacz.subarray(0, 20_000))).status).toBe(200);
    expect(files()).toContain(`${c.captureId}.wacz.enc.part`);
    warnings.length = 0;
    expect(await until(() => !files().some((n) => n.startsWith(c.captureId)) && warnings.join('').includes(c.captureId), 10_000)).toBe(true);
    expect(warnings.join('')).toMatch(new RegExp(`Envoi\\(s\\) de preuve abandonné\\(s\\) depuis plus de 3 s supprimé\\(s\\) : .*${c.captureId}`));
    // The workstation, back later, hears 0 and sends the whole copy again.
    expect((await client.status(ana, c.captureId)).body.received).toBe(0);

    // Left by a server that was stopped: removed by the next start once old enough.
    const d = await client.record(ana, wacz);
    expect((await client.put(ana, d.captureId, 0, wacz.subarray(0, 20_000))).status).toBe(200);
    server = await server.restart({ evidence, warn: (t) => warnings.push(t) });
    expect(files()).toContain(`${d.captureId}.wacz.enc.part`); // young enough: kept across a restart
    expect((await client.status(ana, d.captureId)).body.received).toBe(20_000);
    await server.close();
    await new Promise((r) => setTimeout(r, 3_100));
    server = await server.restart({ evidence: shortAbandon, warn: (t) => warnings.push(t) });
    expect(existsSync(path.join(server.dataDir, 'evidence', `${d.captureId}.wacz.enc.part`))).toBe(false);
    expect(existsSync(path.join(server.dataDir, 'evidence', `${d.captureId}.upload.json`))).toBe(false);
    // The sweep's timer never holds the server up when it stops.
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(5_000);
    server = await server.restart({ evidence, warn: (t) => warnings.push(t) });
  });
});
