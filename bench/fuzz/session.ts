import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { API_PATHS, chainEntry, deviceProofPayload, mutationAuditPayload, type AuditEntry, type ChainHead, type PushedMutation } from '../../src/shared/index';
import type { RunningServer } from '../../src/server/app';
import type { RawClient } from './http';

/** A logged-in workstation as the fuzzer drives it: its tokens and its audit chain as the server holds it. */
export type FuzzSession = {
  username: string;
  userId: string;
  deviceId: string;
  accessToken: string;
  refreshToken: string;
  /** The device chain's head and the last mutation id the server confirmed. */
  head: ChainHead;
  lastMutationId: number;
};

const sha256 = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');

const json = (path: string, body: unknown) => ({ method: 'POST', path, headers: [['Content-Type', 'application/json']] as const, body: Buffer.from(JSON.stringify(body), 'utf8') });

/** Enrols a new device and logs `account` in on it, through the real HTTP API. */
export async function openSession(server: RunningServer, client: RawClient, account: { username: string; password: string }): Promise<FuzzSession> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const deviceId = crypto.randomUUID();
  const enrol = await client.send(
    json(API_PATHS.enrol, { code: await server.admin.createEnrolmentCode(), deviceId, name: 'Poste du fuzzer', publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }),
  );
  if (enrol.status !== 201) throw new Error(`enrolment: ${enrol.status} ${enrol.body}`);
  const timestamp = new Date().toISOString();
  const nonce = randomBytes(16).toString('hex');
  const signature = sign(null, Buffer.from(deviceProofPayload({ purpose: 'login', subject: account.username, deviceId, timestamp, nonce })), privateKey).toString('base64');
  const login = await client.send(json(API_PATHS.login, { ...account, deviceId, timestamp, nonce, signature }));
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.body}`);
  const body = JSON.parse(login.body) as { accessToken: string; refreshToken: string; user: { id: string } };
  return { username: account.username, userId: body.user.id, deviceId, accessToken: body.accessToken, refreshToken: body.refreshToken, head: null, lastMutationId: 0 };
}

/** The next mutations of this session with their device-chain entries, as a workstation sends them. */
export function chained(s: FuzzSession, raw: readonly Omit<PushedMutation, 'id' | 'auditSeq'>[]): { mutations: PushedMutation[]; audit: AuditEntry[] } {
  let head = s.head;
  const audit: AuditEntry[] = [];
  const mutations = raw.map((m, i) => {
    const withId = { ...m, id: s.lastMutationId + 1 + i };
    const e = chainEntry(sha256, head, { actor: s.username, device: s.deviceId, at: m.createdAt, action: m.name, payload: mutationAuditPayload(withId) });
    head = { seq: e.seq, hash: e.hash };
    audit.push(e);
    return { ...withId, auditSeq: e.seq };
  });
  return { mutations, audit };
}

/** After a push the server answered 200: its chain and mutation id moved on. */
export function confirm(s: FuzzSession, sent: { mutations: PushedMutation[]; audit: AuditEntry[] }, response: string): void {
  const body = JSON.parse(response) as { lastMutationId: number };
  const last = sent.audit[sent.audit.length - 1];
  s.lastMutationId = body.lastMutationId;
  if (last) s.head = { seq: last.seq, hash: last.hash };
}
