import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, mutationAuditPayload, payloadHashOf } from '@shared/audit/chain';
import { appendAudit, auditToPush, sha256Hex, verifyLocalAudit } from '../../../src/main/audit';
import { openLocalDb, type LocalDb } from '../../../src/main/db';
import { recordMutation, type LocalActor } from '../../../src/main/sync';
import { syntheticReport } from '../helpers/synthetic';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const actor: LocalActor = { clientId: 'dev-1', userId: 'u-1', username: 'ana', role: 'analyst' };

function storeWithReport(): { db: LocalDb; reportId: string } {
  const db = openLocalDb({ file: path.join(tempDir(), 'w.db'), key: randomBytes(32) });
  const report = { ...syntheticReport(1, 1), status: 'received' as const, claimedBy: null, leaseUntil: null };
  db.writer.applyPage([{ op: 'put', report }], {});
  return { db, reportId: report.id };
}

describe('local audit log', () => {
  it('migration 7 chains the changes already waiting in the outbox and links each to its entry', () => {
    const file = path.join(tempDir(), 'm.db');
    const key = randomBytes(32);
    const v6 = openLocalDb({ file, key, targetVersion: 6 });
    const insert = v6.sqlite.prepare('INSERT INTO outbox (client_id, id, name, args, report_id, user_id, username, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('dev-1', 1, 'note', '{"reportId":"r","text":"a"}', 'r', 'u', 'ana', 'analyst', '2026-01-01T00:00:00.000Z');
    insert.run('dev-1', 2, 'note', '{"reportId":"r","text":"b"}', 'r', 'u', 'ana', 'analyst', '2026-01-01T00:00:01.000Z');
    insert.run('dev-2', 1, 'claim', '{"reportId":"r","baseVersion":3}', 'r', 'u', 'bob', 'analyst', '2026-01-01T00:00:02.000Z');
    v6.close();
    const db = openLocalDb({ file, key, targetVersion: 7 });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(7);
    expect(db.outbox.pending('dev-1', 0, 10).map((e) => e.auditSeq)).toEqual([1, 2]);
    expect(db.outbox.pending('dev-2', 0, 10).map((e) => e.auditSeq)).toEqual([1]);
    const [first] = db.audit.range('dev-1', 0, 10, 10);
    expect(first).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS, actor: 'ana', action: 'note', at: '2026-01-01T00:00:00.000Z' });
    expect(first?.payloadHash).toBe(payloadHashOf(sha256Hex, mutationAuditPayload({ id: 1, args: { reportId: 'r', text: 'a' } })));
    expect(verifyLocalAudit(db, 'dev-1')).toBeNull();
    expect(verifyLocalAudit(db, 'dev-2')).toBeNull();
    db.close();
  });

  it('records each change with its entry in the same transaction, and a failed write leaves no entry', () => {
    const { db, reportId } = storeWithReport();
    const { mutationId } = recordMutation(db, actor, { name: 'note', args: { reportId, text: 'Capture faite.' } });
    const [entry] = db.audit.range('dev-1', 0, 10, 10);
    expect(entry).toMatchObject({ seq: 1, actor: 'ana', device: 'dev-1', action: 'note' });
    expect(db.outbox.pending('dev-1', 0, 10)[0]).toMatchObject({ id: mutationId, auditSeq: 1, createdAt: entry?.at });
    // The next outbox row is taken already (a write that fails after the entry was appended): nothing stays.
    db.sqlite.prepare(`INSERT INTO outbox (client_id, id, name, args, report_id, user_id, username, role, created_at) VALUES ('dev-1', 2, 'note', '{}', NULL, 'u', 'x', 'analyst', 'x')`).run();
    const before = db.getReport(reportId);
    expect(() => recordMutation(db, actor, { name: 'note', args: { reportId, text: 'Deuxième note.' } })).toThrow(/UNIQUE|PRIMARY/);
    expect(db.audit.count('dev-1')).toBe(1);
    expect(db.getReport(reportId)).toEqual(before);
    // A change refused locally (not claimed) records nothing either.
    expect(() => recordMutation(db, actor, { name: 'release', args: { reportId, baseVersion: 1 } })).toThrow();
    expect(db.audit.count()).toBe(1);
    db.close();
  });

  it('takes entries from other services (captures), rolls them back with their transaction, and detects a changed row', () => {
    const { db, reportId } = storeWithReport();
    recordMutation(db, actor, { name: 'claim', args: { reportId, baseVersion: 1 } });
    appendAudit(db, { actor: 'ana', device: 'dev-1', action: 'capture', payload: { url: 'https://exemple.fr/', sha256: 'ab'.repeat(32) } });
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { actor: 'ana', device: 'dev-1', action: 'capture', payload: { url: 'https://exemple.fr/echec' } });
        throw new Error('capture interrompue');
      }),
    ).toThrow('capture interrompue');
    expect(db.audit.count('dev-1')).toBe(2);
    expect(verifyLocalAudit(db, 'dev-1')).toBeNull();
    // Everything after what the server confirmed is what goes with the next push.
    expect(auditToPush(db, 'dev-1', 10, 100).map((e) => e.action)).toEqual(['claim', 'capture']);
    db.audit.setPushedSeq('dev-1', 1);
    expect(auditToPush(db, 'dev-1', 10, 100).map((e) => e.seq)).toEqual([2]);
    expect(db.audit.count('dev-1')).toBe(2); // confirmed entries stay: the log is evidence

    db.sqlite.prepare(`UPDATE audit_log SET payload = replace(payload, 'exemple.fr', 'ailleurs.fr') WHERE seq = 2`).run();
    expect(verifyLocalAudit(db, 'dev-1')).toMatchObject({ seq: 2, kind: 'payload' });
    db.sqlite.prepare(`UPDATE audit_log SET payload = replace(payload, 'ailleurs.fr', 'exemple.fr'), actor = 'bob' WHERE seq = 1`).run();
    expect(verifyLocalAudit(db, 'dev-1')).toMatchObject({ seq: 1, kind: 'hash' });
    db.close();
  });
});
