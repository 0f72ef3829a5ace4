import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponseSchema, ReportSchema, UploadStatusSchema, type CaptureRecord, type PushResponse } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { exportEvidence } from '../../../src/server/evidence/export';
import { submitReport } from '../../../src/server/intake/service';
import { backends, session, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { deviceChain } from '../sync/device-chain';

type Who = { accessToken: string; deviceId: string; userId: string; chain: ReturnType<typeof deviceChain> };
const FINGERPRINT = Array.from({ length: 32 }, () => 'ab').join(':');

describe.each(backends())('evidence upload on $name', (b) => {
  warnIfSkipped(b, 'evidence upload');
  let server: TestServer;
  let ana: Who;
  let bob: Who;
  let mutationId = 0;
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
    const w = (s: Awaited<ReturnType<typeof session>>): Who => ({
      accessToken: s.accessToken, deviceId: s.device.deviceId, userId: s.user.id, chain: deviceChain(s.user.username, s.device.deviceId),
    });
    ana = w(await session(server, 'ana', 'analyst'));
    bob = w(await session(server, 'bob', 'analyst'));
  });
  afterAll(async () => server?.destroy());

  const auth = (w: Who) => ({ authorization: `Bearer ${w.accessToken}` });
  /** A report with a capture of `wacz` recorded by ana through the outbox (push). */
  const recorded = async (wacz: Buffer): Promise<CaptureRecord> => {
    const { id: reportId } = await submitReport(server.admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Escroquerie au faux support technique.' }, { source: 'public' });
    const record: CaptureRecord = {
      captureId: randomUUID(), reportId, url: 'https://exemple.fr/page', finalUrl: 'https://exemple.fr/page', state: 'complete',
      startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T10:00:05.123Z', waczSha256: createHash('sha256').update(wacz).digest('hex'),
      waczBytes: wacz.length, signerFingerprint: FINGERPRINT,
    };
    // The request carries the device's audit chain for its mutations, as the workstation sends it.
    const { mutations, audit, fresh } = ana.chain.attach([{ id: ++mutationId, name: 'recordCapture', args: record, createdAt: new Date().toISOString() }]);
    const res = await server.api<PushResponse>('/api/v1/sync/push', { json: { clientId: ana.deviceId, userId: ana.userId, mutations, audit }, headers: auth(ana) });
    expect(PushResponseSchema.parse(res.body).outcomes).toEqual([{ id: mutationId, status: 'applied' }]);
    ana.chain.confirm(fresh);
    return record;
  };
  const put = (w: Who, id: string, offset: number, chunk: Buffer) =>
    server.api<{ error?: { kind: string; message: string } }>(`/api/v1/evidence/${id}?offset=${offset}`, { method: 'PUT', body: chunk, headers: { ...auth(w), 'content-type': 'application/octet-stream' } });
  const status = async (w: Who, id: string) => server.api(`/api/v1/evidence/${id}`, { headers: auth(w) });
  const exported = async (captureId: string): Promise<Buffer> => {
    const out = path.join(server.dataDir, `export-${captureId}.wacz`);
    await exportEvidence({ db: server.admin.db, dataDir: server.dataDir, captureId, out });
    const bytes = readFileSync(out);
    rmSync(out);
    return bytes;
  };
  const doc = async (reportId: string) =>
    ReportSchema.parse(JSON.parse(`${(await queryRows<{ d: string }>(server.admin.db, sql`select sync_doc as d from reports where id = ${reportId}`))[0]?.d},"reporter":null}`));

  it.skipIf(b.skip)('records the capture in the report document, resumes an interrupted upload from the server offset, keeps a verified copy', async () => {
    const wacz = randomBytes(300_000);
    const c = await recorded(wacz);
    expect((await doc(c.reportId)).captures).toEqual([expect.objectContaining({ captureId: c.captureId, waczSha256: c.waczSha256, recordedBy: 'ana', uploadedAt: null })]);
    expect((await doc(c.reportId)).events.at(-1)).toMatchObject({ action: 'capture', actor: 'ana' });
    expect(UploadStatusSchema.parse((await status(ana, c.captureId)).body)).toEqual({ captureId: c.captureId, received: 0, total: wacz.length, complete: false });
    expect((await put(ana, c.captureId, 0, wacz.subarray(0, 100_000))).status).toBe(200);
    // The connection dropped after the second chunk was written but before its answer arrived: the
    // workstation resends from where it believes it is, the server says where it really is.
    expect((await put(ana, c.captureId, 100_000, wacz.subarray(100_000, 200_000))).status).toBe(200);
    const stale = await put(ana, c.captureId, 100_000, wacz.subarray(100_000, 200_000));
    expect(stale.status).toBe(409);
    const resumeAt = UploadStatusSchema.parse((await status(ana, c.captureId)).body).received;
    expect(resumeAt).toBe(200_000);
    const last = await put(ana, c.captureId, resumeAt, wacz.subarray(resumeAt));
    expect(UploadStatusSchema.parse(last.body)).toEqual({ captureId: c.captureId, received: wacz.length, total: wacz.length, complete: true });
    const stored = path.join(server.dataDir, 'evidence', `${c.captureId}.wacz.enc`);
    expect(await exported(c.captureId)).toEqual(wacz);
    expect((await doc(c.reportId)).captures?.[0]?.uploadedAt).not.toBeNull();
    // Idempotent: the last chunk sent again (its answer lost) changes nothing.
    const sealed = readFileSync(stored);
    expect(UploadStatusSchema.parse((await put(ana, c.captureId, resumeAt, wacz.subarray(resumeAt))).body).complete).toBe(true);
    expect(readFileSync(stored).equals(sealed)).toBe(true);
  });

  it.skipIf(b.skip)('refuses and deletes a copy whose SHA-256 differs from the recorded one, then accepts the right bytes', async () => {
    const wacz = randomBytes(50_000);
    const c = await recorded(wacz);
    const bad = Buffer.from(wacz);
    bad[1234] = (bad[1234] ?? 0) ^ 0x01;
    const refused = await put(ana, c.captureId, 0, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/refusée et supprimée.*SHA-256/);
    expect(existsSync(path.join(server.dataDir, 'evidence', `${c.captureId}.wacz.enc.part`))).toBe(false);
    expect(existsSync(path.join(server.dataDir, 'evidence', `${c.captureId}.upload.json`))).toBe(false);
    expect(existsSync(path.join(server.dataDir, 'evidence', `${c.captureId}.wacz.enc`))).toBe(false);
    expect(UploadStatusSchema.parse((await status(ana, c.captureId)).body).received).toBe(0);
    expect((await put(ana, c.captureId, 0, Buffer.concat([wacz, Buffer.from('x')]))).status).toBe(400); // longer than recorded
    expect(UploadStatusSchema.parse((await put(ana, c.captureId, 0, wacz)).body).complete).toBe(true);
  });

  it.skipIf(b.skip)('refuses another officer, an unknown capture and a missing token, and writes nothing', async () => {
    const wacz = randomBytes(10_000);
    const c = await recorded(wacz);
    expect((await status(bob, c.captureId)).status).toBe(403);
    expect((await put(bob, c.captureId, 0, wacz)).status).toBe(403);
    expect((await status(ana, randomUUID())).status).toBe(404);
    const anonymous = await server.api(`/api/v1/evidence/${c.captureId}?offset=0`, { method: 'PUT', body: wacz, headers: { 'content-type': 'application/octet-stream' } });
    expect(anonymous.status).toBe(401);
    expect(existsSync(path.join(server.dataDir, 'evidence', `${c.captureId}.wacz.enc.part`))).toBe(false);
    expect(UploadStatusSchema.parse((await status(ana, c.captureId)).body).received).toBe(0);
  });
});
