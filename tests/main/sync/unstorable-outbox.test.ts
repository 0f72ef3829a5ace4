import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/server/app';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { openLocalDb, type LocalDb } from '../../../src/main/db';
import { enrolDevice } from '../../../src/main/enrolment';
import { createAuth } from '../../../src/main/auth';
import { appendMutationAudit } from '../../../src/main/audit';
import { createServerClient } from '../../../src/main/server-client';
import { createSyncEngine, recordMutation, type LocalActor } from '../../../src/main/sync';

// A note with U+0000 already waiting in a workstation's outbox (an older version accepted it): the server
// rejects that change alone, permanently, and the workstation moves on — the changes after it reach the
// server (before, every sync answered 500 from then on). Today's outbox refuses such a note at once.

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-outbox-text-'));
  dirs.push(d);
  return d;
};
const USER = { username: 'ana.outbox', password: 'mot de passe analyste 1' };

let server: RunningServer;
let db: LocalDb;

beforeAll(async () => {
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...USER, role: 'analyst' });
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('an unstorable change already in the outbox', () => {
  it('is rejected alone by the server, kept as a rejection, and the changes after it are applied', async () => {
    const reportId = (await submitReport(server.admin.db, { urls: ['https://exemple.fr/a'], category: 'scam', description: 'Faux site de vente en ligne.' }, { source: 'public' })).id;
    db = openLocalDb({ file: path.join(tmp(), 'poste.db'), key: randomBytes(32) });
    await enrolDevice(db, { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: 'Poste' });
    const identity = db.device.get()!;
    const client = createServerClient({ serverUrl: identity.serverUrl, certPem: identity.certPem, fingerprint: identity.fingerprint });
    const auth = createAuth({ db: () => db, client: () => client, onSession: () => undefined });
    const user = (await auth.login(USER.username, USER.password))!.user;
    const sync = createSyncEngine({
      db: () => db, client: () => client, loggedIn: () => true, token: auth.accessToken, user: async () => user, onStatus: () => undefined, onUnauthorized: () => undefined, intervalMs: 3_600_000,
    });
    await sync.now();
    const actor: LocalActor = { clientId: identity.deviceId, userId: user.id, username: user.username, role: user.role };

    // Today's outbox refuses it outright.
    expect(() => recordMutation(db, actor, { name: 'note', args: { reportId, text: 'a\u0000b' } })).toThrow(/U\+0000/);
    // As an older version wrote it: outbox entry and audit entry, no check.
    const bad = { reportId, text: 'ancienne note\u0000' };
    // One instant for both: the server checks that the change and its audit entry carry the same time.
    const at = new Date();
    db.transaction(() => {
      const entry = appendMutationAudit(db, actor, { id: db.outbox.nextId(actor.clientId), name: 'note', args: bad }, at);
      db.outbox.append({ ...actor, name: 'note', args: bad, reportId, createdAt: at.toISOString(), auditSeq: entry.seq });
    });
    recordMutation(db, actor, { name: 'note', args: { reportId, text: 'note suivante' } });

    const status = await sync.now();
    expect(status.lastError).toBeNull();
    expect(status.pending).toBe(0);
    expect(db.outbox.rejections(10).map((r) => [r.name, r.reason.kind])).toEqual([['note', 'validation']]);
    expect(db.outbox.rejections(10)[0]?.reason.message).toContain('U+0000');
    const notes = await queryRows<{ detail: string }>(server.admin.db, sql`select detail from report_events where report_id = ${reportId} and action = 'note'`);
    expect(notes.map((n) => n.detail)).toEqual(['note suivante']);
    await sync.stop();
  });
});
