import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponseSchema, type CaptureRecord, type MutationOutcome, type PushResponse } from '@shared';
import { submitReport } from '../../../src/server/intake/service';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { officer, type Officer } from '../evidence/fixture';
import { rowOf, versionOf } from '../review/workflow-fixture';

// A verification saved right after a capture must survive the capture's upload: the server's new version
// when the WACZ copy arrives says the document changed (so workstations pull it), not that someone else
// decided, so it must not turn the officer's own decision into a competing one. A new report joining the
// cluster stays someone else's change, as before.

describe.each(backends())('versions that are no decision on $name', (b) => {
  warnIfSkipped(b, 'neutral versions');
  let server: TestServer;
  let ana: Officer;
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    ana = await officer(server, 'ana');
  });
  afterAll(async () => server?.destroy());

  const push = async (name: string, args: unknown): Promise<MutationOutcome | undefined> => {
    const { mutations, audit, fresh } = ana.chain.attach([{ id: ++ana.mutations, name, args, createdAt: new Date().toISOString() }]);
    const res = await server.api<PushResponse>('/api/v1/sync/push', { json: { clientId: ana.deviceId, userId: ana.userId, mutations, audit }, headers: { authorization: `Bearer ${ana.accessToken}` } });
    ana.chain.confirm(fresh);
    return PushResponseSchema.parse(res.body).outcomes[0];
  };
  const newReport = async (url = `https://exemple.fr/${randomUUID()}`) =>
    (await submitReport(server.admin.db, { urls: [url], category: 'scam', description: 'Escroquerie au faux support technique.' }, { source: 'public' })).id;

  it.skipIf(b.skip)('a verification based on the version before the capture’s upload completed is applied, not kept as competing', async () => {
    const reportId = await newReport();
    expect(await push('claim', { reportId, baseVersion: await versionOf(server, reportId) })).toMatchObject({ status: 'applied' });
    const seen = await versionOf(server, reportId);
    const wacz = randomBytes(4096);
    const capture: CaptureRecord = {
      captureId: randomUUID(), reportId, url: 'https://exemple.fr/page', finalUrl: null, state: 'complete', startedAt: '2026-11-22T10:00:00.000Z',
      endedAt: '2026-11-22T10:00:05.000Z', waczSha256: createHash('sha256').update(wacz).digest('hex'), waczBytes: wacz.length, signerFingerprint: Array.from({ length: 32 }, () => 'ab').join(':'),
    };
    expect(await push('recordCapture', capture)).toMatchObject({ status: 'applied' });
    const put = await server.api<{ complete?: boolean }>(`/api/v1/evidence/${capture.captureId}?offset=0`, {
      method: 'PUT', body: wacz, headers: { authorization: `Bearer ${ana.accessToken}`, 'content-type': 'application/octet-stream' },
    });
    expect(put.body.complete).toBe(true);
    expect(await versionOf(server, reportId)).toBeGreaterThan(seen);
    const verified = await push('setVerification', { reportId, baseVersion: seen, outcome: 'present', captureIds: [capture.captureId] });
    expect(verified).toMatchObject({ status: 'applied' });
    expect((await rowOf(server, reportId))?.decision?.verification).toMatchObject({ outcome: 'present', captureIds: [capture.captureId], by: 'ana' });
  });

  it.skipIf(b.skip)('a new report of the same page joining the cluster still counts as someone else’s change', async () => {
    const url = `https://exemple.fr/${randomUUID()}`;
    const reportId = await newReport(url);
    expect(await push('claim', { reportId, baseVersion: await versionOf(server, reportId) })).toMatchObject({ status: 'applied' });
    const seen = await versionOf(server, reportId);
    await newReport(url);
    expect(await versionOf(server, reportId)).toBeGreaterThan(seen);
    expect(await push('setVerification', { reportId, baseVersion: seen, outcome: 'present' })).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
  });
});
