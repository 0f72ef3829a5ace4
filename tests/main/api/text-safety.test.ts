import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '@shared/api/contract';
import { startServer, type RunningServer } from '../../../src/server/app';
import { queryRows } from '../../../src/server/db/rows';
import { submitReport } from '../../../src/server/intake/service';
import { openStation, type Station } from '../helpers/station';

// Text the server cannot store is refused by the workstation's API before the change enters the outbox
// (before, a note with U+0000 was accepted, and every later sync answered 500: nothing after it ever
// reached the server). The officer gets the reason in French; a valid change after it syncs.

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pharos-text-'));
  dirs.push(d);
  return d;
};
const ANALYST = { username: 'ana.texte', password: 'mot de passe analyste 1' };

let server: RunningServer;
let station: Station;
let reportId: string;

beforeAll(async () => {
  server = await startServer({ dataDir: tmp(), port: 0, databaseUrl: null });
  await server.admin.addUser({ ...ANALYST, role: 'analyst' });
  reportId = (await submitReport(server.admin.db, { urls: ['https://exemple.fr/annonce'], category: 'scam', description: 'Faux site de vente en ligne.' }, { source: 'public' })).id;
  station = await openStation(server, ANALYST, { dataDir: tmp() });
}, 120_000);

afterAll(async () => {
  await station?.ws.close();
  await server?.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('unstorable text on the workstation', () => {
  it('refuses a note or comment with U+0000, a lone surrogate or an invisible control character before the outbox', async () => {
    const pending = async (): Promise<number> => (await station.call<SyncStatus>('sync.status')).pending;
    const before = await pending();
    const cases: [string, unknown, string][] = [
      ['report.note', { id: reportId, text: 'avant\u0000après' }, 'caractère nul (U+0000) à la position 6'],
      ['report.note', { id: reportId, text: 'texte \uDC00 mal encodé' }, 'U+DC00'],
      ['report.note', { id: reportId, text: 'saut\u000Bvertical' }, 'caractère de contrôle invisible (U+000B)'],
      ['report.comment', { id: reportId, text: 'échap\u001B[31m' }, 'U+001B'],
      ['report.screenOut', { id: reportId, case: 'emergency', note: 'x\u0000' }, 'U+0000'],
    ];
    for (const [method, input, expected] of cases) {
      const r = await station.attempt(method, input);
      expect(r.ok, method).toBe(false);
      if (!r.ok) {
        expect(r.error.kind).toBe('validation');
        expect(r.error.message).toContain(expected);
      }
    }
    expect(await pending()).toBe(before);

    // Tab, line feed and carriage return are text; the note is recorded and reaches the server.
    await station.call('report.note', { id: reportId, text: 'ligne 1\r\nligne 2\tfin' });
    expect(await pending()).toBe(before + 1);
    const status = await station.call<SyncStatus>('sync.now');
    expect(status.lastError).toBeNull();
    expect(status.pending).toBe(0);
    const notes = await queryRows<{ detail: string }>(server.admin.db, sql`select detail from report_events where report_id = ${reportId} and action = 'note'`);
    expect(notes.map((n) => n.detail)).toEqual(['ligne 1\r\nligne 2\tfin']);
  });
});
