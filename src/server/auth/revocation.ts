import { desc, eq, sql } from 'drizzle-orm';
import { KindedError } from '@shared';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { apiKeys, devices, users } from '../db/schema';
import { auditAccount } from './audit';
import { closeSessions } from './session-state';

/** The administrator named in the audit chain for commands run on the server itself. */
const ADMIN_ACTOR = 'pharos-server (administration)';
const ADMIN_DEVICE = 'server';

/**
 * Revokes a device: it can no longer log in or renew, and every session opened from it ends at its next
 * request (access tokens included). Already revoked: said, nothing changes.
 */
export async function revokeDevice(db: Db, id: string): Promise<{ name: string; sessionsClosed: number; already: boolean }> {
  const row = (await db.select().from(devices).where(eq(devices.id, uuidOrThrow(id, 'poste'))))[0];
  if (!row) throw new KindedError('not_found', `Poste inconnu : ${id} (voir « device list »).`);
  if (row.revokedAt) return { name: row.name, sessionsClosed: 0, already: true };
  await db.update(devices).set({ revokedAt: new Date() }).where(eq(devices.id, row.id));
  const sessionsClosed = await closeSessions(db, { deviceId: row.id }, 'admin');
  await auditAccount(db, [{ actor: ADMIN_ACTOR, device: ADMIN_DEVICE, action: 'admin.device_revoked', payload: { deviceId: row.id, name: row.name, sessionsClosed } }]);
  return { name: row.name, sessionsClosed, already: false };
}

/** Disables (or enables again) an account; disabling ends its sessions at their next request. */
export async function setUserDisabled(db: Db, username: string, disabled: boolean): Promise<{ sessionsClosed: number; already: boolean }> {
  const row = (await db.select().from(users).where(eq(users.username, username)))[0];
  if (!row) throw new KindedError('not_found', `Compte inconnu : ${username} (voir « user list »).`);
  if (row.disabled === disabled) return { sessionsClosed: 0, already: true };
  await db.update(users).set({ disabled }).where(eq(users.id, row.id));
  const sessionsClosed = disabled ? await closeSessions(db, { userId: row.id }, 'admin') : 0;
  const action = disabled ? 'admin.user_disabled' : 'admin.user_enabled';
  await auditAccount(db, [{ actor: ADMIN_ACTOR, device: ADMIN_DEVICE, action, payload: { userId: row.id, username, sessionsClosed } }]);
  return { sessionsClosed, already: false };
}

/** Revokes an intake API key: the next submission with it is refused (401). */
export async function revokeApiKey(db: Db, id: string): Promise<{ organisation: string; already: boolean }> {
  const row = (await db.select().from(apiKeys).where(eq(apiKeys.id, uuidOrThrow(id, 'clé d’API'))))[0];
  if (!row) throw new KindedError('not_found', `Clé d’API inconnue : ${id} (voir « apikey list »).`);
  if (row.revokedAt) return { organisation: row.organisation, already: true };
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, row.id));
  await auditAccount(db, [{ actor: ADMIN_ACTOR, device: ADMIN_DEVICE, action: 'admin.apikey_revoked', payload: { apiKeyId: row.id, organisation: row.organisation } }]);
  return { organisation: row.organisation, already: false };
}

export type DeviceListing = { id: string; name: string; enrolledAt: Date; revokedAt: Date | null; lastLoginAt: Date | null; openSessions: number };

/** Devices with their last login and open sessions, to find the id to revoke. */
export async function listDevices(db: Db): Promise<DeviceListing[]> {
  const rows = await queryRows<{ id: string; name: string; enrolled_at: string | Date; revoked_at: string | Date | null; last_login: string | Date | null; open: string | number }>(
    db,
    sql`select d.id, d.name, d.enrolled_at, d.revoked_at, max(s.created_at) as last_login, count(s.id) filter (where s.revoked_at is null) as open
        from devices d left join auth_sessions s on s.device_id = d.id group by d.id order by d.enrolled_at`,
  );
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({ id: r.id, name: r.name, enrolledAt: new Date(r.enrolled_at), revokedAt: date(r.revoked_at), lastLoginAt: date(r.last_login), openSessions: Number(r.open) }));
}

export async function listUsers(db: Db) {
  return db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, disabled: users.disabled }).from(users).orderBy(users.username);
}

export async function listApiKeys(db: Db) {
  return db.select({ id: apiKeys.id, organisation: apiKeys.organisation, source: apiKeys.source, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt }).from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

function uuidOrThrow(id: string, what: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new KindedError('validation', `Identifiant de ${what} invalide : ${id} (un UUID est attendu).`);
  return id.toLowerCase();
}
