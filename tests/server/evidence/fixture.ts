import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { PushResponseSchema, type CaptureRecord, type PushResponse } from '@shared';
import { submitReport } from '../../../src/server/intake/service';
import { session, type TestServer } from '../helpers';
import { deviceChain } from '../sync/device-chain';

// An officer's workstation as the evidence tests need it: a session, its device's audit chain, and
// captures recorded through the outbox (push) before their WACZ is uploaded in chunks.

export type Officer = { accessToken: string; deviceId: string; userId: string; chain: ReturnType<typeof deviceChain>; mutations: number };
const FINGERPRINT = Array.from({ length: 32 }, () => 'ab').join(':');

export async function officer(server: TestServer, username: string): Promise<Officer> {
  const s = await session(server, username, 'analyst');
  return { accessToken: s.accessToken, deviceId: s.device.deviceId, userId: s.user.id, chain: deviceChain(s.user.username, s.device.deviceId), mutations: 0 };
}

export function evidenceClient(server: () => TestServer) {
  const auth = (w: Officer) => ({ authorization: `Bearer ${w.accessToken}` });
  return {
    /** A report with a capture of WACZ (or of DECLARED bytes) recorded by W. */
    async record(w: Officer, wacz: Buffer, declared = wacz.length): Promise<CaptureRecord> {
      const { id: reportId } = await submitReport(server().admin.db, { urls: [`https://exemple.fr/${randomUUID()}`], category: 'scam', description: 'Escroquerie au faux support technique.' }, { source: 'public' });
      const record: CaptureRecord = {
        captureId: randomUUID(), reportId, url: 'https://exemple.fr/page', finalUrl: 'https://exemple.fr/page', state: 'complete',
        startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T10:00:05.123Z', waczSha256: createHash('sha256').update(wacz).digest('hex'),
        waczBytes: declared, signerFingerprint: FINGERPRINT,
      };
      const { mutations, audit, fresh } = w.chain.attach([{ id: ++w.mutations, name: 'recordCapture', args: record, createdAt: new Date().toISOString() }]);
      const res = await server().api<PushResponse>('/api/v1/sync/push', { json: { clientId: w.deviceId, userId: w.userId, mutations, audit }, headers: auth(w) });
      expect(PushResponseSchema.parse(res.body).outcomes).toEqual([{ id: w.mutations, status: 'applied' }]);
      w.chain.confirm(fresh);
      return record;
    },
    put: (w: Officer, id: string, offset: number, chunk: Buffer) =>
      server().api<{ error?: { kind: string; message: string }; received?: number; complete?: boolean }>(`/api/v1/evidence/${id}?offset=${offset}`, {
        method: 'PUT', body: chunk, headers: { ...auth(w), 'content-type': 'application/octet-stream' },
      }),
    status: (w: Officer, id: string) => server().api<{ error?: { kind: string; message: string }; received?: number; complete?: boolean }>(`/api/v1/evidence/${id}`, { headers: auth(w) }),
  };
}
