import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePage, Session, SignedOut, SyncStatus, WorkstationSettings } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { revokeDevice, setUserDisabled } from '../../../src/server/auth/revocation';
import { queryRows } from '../../../src/server/db/rows';
import { openStation, type Station } from '../helpers/station';

/**
 * Revocation seen from a workstation, against the real server: the next sync is refused, the officer
 * is told why on the login screen, and the changes waiting in the outbox stay on the workstation.
 */
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-revoke-'));
  dirs.push(d);
  return d;
};
let server: RunningServer;
const stations: Station[] = [];
const notesOnServer = async (text: string): Promise<number> =>
  Number((await queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from report_events where action = 'note' and detail = ${text}`))[0]?.n);

beforeAll(async () => {
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.seedSynthetic(10);
}, 120_000);
afterAll(async () => {
  for (const s of stations) await s.ws.close();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function stationOf(username: string): Promise<Station & { sessions: Session[]; reportId: string }> {
  const user = { username, password: 'mot de passe de test 123' };
  await server.admin.addUser({ ...user, role: 'analyst' });
  const station = await openStation(server, user, { dataDir: tmp() });
  stations.push(station);
  const sessions: Session[] = [];
  station.ws.onEvent((name, payload) => {
    if (name === 'auth.session') sessions.push(payload as Session);
  });
  const reportId = (await station.call<QueuePage>('queue.page', { statuses: ['received'], limit: 1 })).rows[0]?.id ?? '';
  return { ...station, sessions, reportId };
}

describe('a workstation whose device is revoked or whose account is disabled', () => {
  it.each([
    ['device_revoked', 'agent.revoque', 'Appareil révoqué'],
    ['user_disabled', 'agent.desactive', 'Compte désactivé'],
  ] as const)('%s: sync stops with the reason, the outbox is kept', async (reason, username, text) => {
    const s = await stationOf(username);
    const note = `note de ${username} avant la révocation`;
    await s.call('report.note', { id: s.reportId, text: note });
    expect((await s.call<SyncStatus>('sync.status')).pending).toBe(1);
    if (reason === 'device_revoked') {
      const settings = await s.call<WorkstationSettings>('settings.get');
      await revokeDevice(server.admin.db, settings.deviceId ?? '');
    } else {
      await setUserDisabled(server.admin.db, username, true);
    }

    // The access token is still within its 15 minutes: the server refuses it all the same.
    const refused = await s.attempt('sync.now');
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(s.sessions).toContain(null);
    expect(await s.call('auth.session')).toBeNull();
    const why = await s.call<SignedOut>('auth.signedOut');
    expect(why?.reason).toBe(reason);
    expect(why?.message).toContain(text);
    const status = await s.call<SyncStatus>('sync.status');
    expect(status.pending).toBe(1);
    expect(status.lastError).toContain(text);
    expect(await notesOnServer(note)).toBe(0);
    // The note is still on the workstation.
    const shown = await s.call<{ events: { detail: string | null }[] }>('report.get', { id: s.reportId });
    expect(shown.events.some((e) => e.detail === note)).toBe(true);
  }, 90_000);

  it('logging out closes the session on the server too', async () => {
    const s = await stationOf('agent.sortant');
    const open = () => queryRows<{ n: string }>(server.admin.db, sql`select count(*) as n from auth_sessions s join users u on u.id = s.user_id where u.username = 'agent.sortant' and s.revoked_at is null`);
    expect(Number((await open())[0]?.n)).toBe(1);
    expect(await s.call('auth.logout')).toBeNull();
    expect(Number((await open())[0]?.n)).toBe(0);
    // Logged out by the officer: nothing to explain on the login screen.
    expect(await s.call('auth.signedOut')).toBeNull();
  }, 90_000);
});
