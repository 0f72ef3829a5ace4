import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { EMPTY_DECISION, type Category, type Decision, type PushResponse, type PushedMutation, type ReportStatus, type Role } from '@shared';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { session, type TestServer } from '../helpers';
import { deviceChain } from '../sync/device-chain';

/** An officer logged in on their own enrolled device, with their own mutation counter. */
export type Officer = { username: string; role: Role; accessToken: string; deviceId: string; userId: string; next: number; chain: ReturnType<typeof deviceChain> };

export async function officer(server: TestServer, username: string, role: Role): Promise<Officer> {
  const s = await session(server, username, role);
  return { username, role, accessToken: s.accessToken, deviceId: s.device.deviceId, userId: s.user.id, next: 0, chain: deviceChain(username, s.device.deviceId) };
}

export type Prepared = { id: string; version: number };

/** A report put directly in a given state, as earlier work (or other officers) would have left it. */
export async function prepare(
  server: TestServer,
  state: { status: ReportStatus; claimedBy?: string | null; assignedTo?: string | null; category?: Category; decision?: Partial<Decision> | null },
): Promise<Prepared> {
  const db = server.admin.db;
  const { id } = await submitReport(db, { urls: [`https://exemple.fr/${randomUUID()}`], category: state.category ?? 'terrorism', description: 'Contenu signalé pour les tests du circuit de décision.' }, { source: 'public' });
  const lease = state.status === 'in_progress' ? new Date(Date.now() + 3_600_000) : null;
  const decision = state.decision === undefined || state.decision === null ? null : JSON.stringify({ ...EMPTY_DECISION, ...state.decision });
  await db.execute(sql`update reports set status = ${state.status}, claimed_by = ${state.claimedBy ?? null}, assigned_to = ${state.assignedTo ?? null},
    lease_until = ${lease ? lease.toISOString() : null}::timestamptz, decision = ${decision}::jsonb, version = nextval('report_version_seq') where id = ${id}`);
  return { id, version: await versionOf(server, id) };
}

export async function versionOf(server: TestServer, id: string): Promise<number> {
  return Number((await queryRows<{ v: string }>(server.admin.db, sql`select version as v from reports where id = ${id}`))[0]?.v);
}

export async function rowOf(server: TestServer, id: string) {
  const [row] = await queryRows<{ status: ReportStatus; claimed_by: string | null; lease_until: Date | null; decision: Decision | null; sync_doc: string }>(
    server.admin.db,
    sql`select status, claimed_by, lease_until, decision, sync_doc from reports where id = ${id}`,
  );
  return row;
}

/** Pushes one mutation as this officer, with its entry of the device's audit chain; returns its outcome. */
export async function pushOne(server: TestServer, who: Officer, name: string, args: unknown) {
  who.next += 1;
  const { mutations, audit, fresh } = who.chain.attach([{ id: who.next, name, args, createdAt: new Date().toISOString() } satisfies PushedMutation]);
  const res = await server.api<PushResponse>('/api/v1/sync/push', {
    json: { clientId: who.deviceId, userId: who.userId, mutations, audit },
    headers: { authorization: `Bearer ${who.accessToken}` },
  });
  if (res.status !== 200) throw new Error(`push ${res.status} ${res.text}`);
  who.chain.confirm(fresh);
  const outcome = res.body.outcomes[0];
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

const at = '2026-03-01T10:00:00.000Z';
/** A decision with its three steps (verification, qualification, orientation), ready to be proposed. */
export const QUALIFIED: Partial<Decision> = {
  verification: { outcome: 'present', captureIds: [], comment: 'Contenu constaté en ligne.', by: 'x', at },
  qualification: { kind: 'offences', offences: [{ id: 'ter-1', natinf: null, label: 'Provocation directe à des actes de terrorisme (art. 421-2-5 C. pén.)' }], by: 'x', at },
  orientation: { outcome: 'central_office', serviceId: 'sdat', justification: 'Compétence nationale en matière de terrorisme.', urgency: 'urgent', attachments: [], duplicateOf: null, by: 'x', at },
};
export const proposedBy = (username: string): Partial<Decision> => ({ ...QUALIFIED, proposal: { by: username, at } });
export const approvedFor = (author: string, supervisor: string): Partial<Decision> => ({
  ...proposedBy(author),
  review: { verdict: 'approved', by: supervisor, at, comment: null },
});
export const SENT_REQUEST_ID = '6f1c7d0e-3b2a-4c1d-9e8f-0a1b2c3d4e5f';
export const withPreservation = (decision: Partial<Decision>): Partial<Decision> => ({
  ...decision,
  preservations: [
    {
      requestId: SENT_REQUEST_ID, channel: 'host_fr', host: { name: 'Hébergeur Exemple', country: 'FR', contact: null }, urls: ['https://exemple.fr/page'],
      durationDays: 90, status: 'sent', note: null, by: 'x', at, updatedBy: 'x', updatedAt: at,
    },
  ],
});
