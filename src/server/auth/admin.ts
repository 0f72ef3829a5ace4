import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { KindedError, RoleSchema, UsernameSchema, type Role } from '@shared';
import type { Db } from '../db/database';
import { apiKeys, enrolmentCodes, users } from '../db/schema';
import { generatePassword, hashPassword } from './passwords';
import { randomEnrolmentCode, randomToken, sha256Hex } from './secrets';

export type NewUser = { username: string; role: Role; password?: string | undefined; displayName?: string | undefined };
export type ApiKeySource = 'professional' | 'state';

/** Creates a user; the password is generated when none is given and returned once, never stored. */
export async function addUser(db: Db, p: NewUser): Promise<{ id: string; password: string }> {
  const username = UsernameSchema.safeParse(p.username);
  if (!username.success) throw new KindedError('validation', `invalid username: ${username.error.issues[0]?.message ?? ''}`);
  if (!RoleSchema.safeParse(p.role).success) throw new KindedError('validation', `invalid role: ${String(p.role)}`);
  const password = p.password ?? generatePassword();
  if (password.length < 8) throw new KindedError('validation', 'password too short (8 characters minimum)');
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.username, username.data));
  if (existing.length > 0) throw new KindedError('conflict', `user ${username.data} already exists`);
  const id = randomUUID();
  await db.insert(users).values({
    id,
    username: username.data,
    displayName: p.displayName?.trim() || username.data,
    role: p.role,
    passwordHash: await hashPassword(password),
  });
  return { id, password };
}

/** A one-time enrolment code for a new workstation, valid `ttlHours` (default 24 h). */
export async function createEnrolmentCode(db: Db, ttlHours = 24): Promise<string> {
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw new KindedError('validation', 'ttl must be between 0 and 720 hours');
  const code = randomEnrolmentCode();
  await db.insert(enrolmentCodes).values({ codeHash: sha256Hex(code), expiresAt: new Date(Date.now() + ttlHours * 3600_000) });
  return code;
}

/** An intake API key for a professional or a State service; returned once, stored as a hash. */
export async function createApiKey(db: Db, p: { organisation: string; source: ApiKeySource }, key = `phk_${randomToken(24)}`): Promise<string> {
  const organisation = p.organisation.trim();
  if (organisation.length < 2 || organisation.length > 200) throw new KindedError('validation', 'organisation: 2 to 200 characters');
  if (p.source !== 'professional' && p.source !== 'state') throw new KindedError('validation', 'source must be professional or state');
  await db.insert(apiKeys).values({ id: randomUUID(), keyHash: sha256Hex(key), organisation, source: p.source }).onConflictDoNothing();
  return key;
}
