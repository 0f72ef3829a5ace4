import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { SyncStatus } from '@shared/api/contract';
import { KindedError } from '@shared/result';
import { API_PATHS } from '@shared/http/api';
import type { PullRequest, PullResponse } from '@shared/sync/protocol';
import { openLocalDb, type LocalDb } from '../../../src/main/db';
import type { ServerClient } from '../../../src/main/server-client';
import { createSyncEngine } from '../../../src/main/sync';
import { syntheticReport } from '../helpers/synthetic';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

/** A server double that serves `count` reports in pages, the cursor being the next index. */
function fakeClient(count: number, fail?: (call: number) => Error | null): ServerClient & { calls: PullRequest[] } {
  const calls: PullRequest[] = [];
  const post = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> => {
    if (path === API_PATHS.catalogPull) return schema.parse({ cursor: 'c0', offences: [], hasMore: false, remaining: 0 }) as z.output<S>;
    const req = body as PullRequest;
    calls.push(req);
    const failure = fail?.(calls.length);
    if (failure) throw failure;
    const from = req.cursor ? Number(req.cursor) : 0;
    const to = Math.min(count, from + (req.limit ?? 100));
    const res: PullResponse = {
      cursor: String(to),
      changes: Array.from({ length: to - from }, (_, i) => ({ op: 'put' as const, report: syntheticReport(from + i, 21) })),
      hasMore: to < count,
      remaining: count - to,
      lastMutationId: 0,
      serverTime: new Date().toISOString(),
    };
    return schema.parse(res) as z.output<S>;
  };
  return { serverUrl: 'https://fake', calls, post, get: () => Promise.reject(new Error('unused')), putBytes: () => Promise.reject(new Error('unused')), close: async () => undefined };
}

function engine(db: LocalDb, client: ServerClient, opts: { loggedIn?: boolean; onUnauthorized?: () => void } = {}) {
  const statuses: SyncStatus[] = [];
  const sync = createSyncEngine({
    db: () => db,
    client: () => client,
    loggedIn: () => opts.loggedIn ?? true,
    token: async () => 'token',
    onStatus: (s) => statuses.push(s),
    onUnauthorized: opts.onUnauthorized ?? (() => undefined),
    pageSize: 100,
    intervalMs: 3_600_000,
  });
  return { sync, statuses };
}

describe('sync engine', () => {
  it('pulls every page, reports progress done/total, and the final status', async () => {
    const db = openLocalDb({ file: path.join(tempDir(), 's.db'), key: randomBytes(32) });
    const client = fakeClient(450);
    const { sync, statuses } = engine(db, client);
    const status = await sync.now();
    expect(status).toMatchObject({ online: true, syncing: false, lastError: null, progress: null, pending: 0, reportCount: 450 });
    expect(status.lastSyncAt).not.toBeNull();
    const progress = statuses.flatMap((s) => (s.progress && s.progress.total > 0 ? [s.progress] : []));
    expect(progress.at(-1)).toEqual({ done: 450, total: 450 });
    expect(progress.map((p) => p.done)).toEqual([100, 200, 300, 400, 450]);
    // Next sync starts from the stored cursor and finds nothing new.
    await sync.now();
    expect(client.calls.at(-1)?.cursor).toBe('450');
    expect(db.countReports()).toBe(450);
    db.close();
  });

  it('a sync asked for while one runs gets one more pass after it, shared by every caller meanwhile', async () => {
    const db = openLocalDb({ file: path.join(tempDir(), 'q.db'), key: randomBytes(32) });
    const client = fakeClient(250);
    const { sync } = engine(db, client);
    const first = sync.now();
    const second = sync.now();
    const third = sync.now();
    await Promise.all([first, second, third]);
    // 3 pages for the first pass, 1 empty page for the single extra pass.
    expect(client.calls.map((c) => c.cursor)).toEqual([null, '100', '200', '250']);
    expect(sync.status()).toMatchObject({ syncing: false, reportCount: 250, pending: 0 });
    db.close();
  });

  it('goes offline on a network error, keeps what was committed, and resumes from there', async () => {
    const db = openLocalDb({ file: path.join(tempDir(), 'n.db'), key: randomBytes(32) });
    let down = true;
    const client = fakeClient(300, (call) => (down && call === 3 ? new KindedError('network', 'Serveur injoignable') : null));
    const { sync } = engine(db, client);
    await expect(sync.now()).rejects.toMatchObject({ kind: 'network' });
    expect(sync.status()).toMatchObject({ online: false, syncing: false, lastError: 'Serveur injoignable', reportCount: 200 });
    down = false;
    expect((await sync.now()).reportCount).toBe(300);
    expect(sync.status()).toMatchObject({ online: true, lastError: null });
    db.close();
  });

  it('asks for a new login when the server rejects the session, and refuses to run logged out', async () => {
    const db = openLocalDb({ file: path.join(tempDir(), 'u.db'), key: randomBytes(32) });
    const onUnauthorized = vi.fn();
    const { sync } = engine(db, fakeClient(10, () => new KindedError('unauthorized', 'Jeton expiré')), { onUnauthorized });
    await expect(sync.now()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(onUnauthorized).toHaveBeenCalled();
    const loggedOut = engine(db, fakeClient(10), { loggedIn: false });
    await expect(loggedOut.sync.now()).rejects.toMatchObject({ kind: 'unauthorized' });
    db.close();
  });

  it('syncs in the background and backs off while the server is unreachable', async () => {
    vi.useFakeTimers();
    try {
      const db = openLocalDb({ file: path.join(tempDir(), 'b.db'), key: randomBytes(32) });
      let failing = true;
      const client = fakeClient(50, () => (failing ? new KindedError('network', 'down') : null));
      const sync = createSyncEngine({
        db: () => db, client: () => client, loggedIn: () => true, token: async () => 't',
        onStatus: () => undefined, onUnauthorized: () => undefined, intervalMs: 1000, pageSize: 100,
      });
      sync.start();
      await vi.advanceTimersByTimeAsync(1000);
      expect(client.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000); // backoff: 2 s after the first failure
      expect(client.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(client.calls).toHaveLength(2);
      failing = false;
      await vi.advanceTimersByTimeAsync(4000);
      expect(db.countReports()).toBe(50);
      await sync.stop();
      db.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
