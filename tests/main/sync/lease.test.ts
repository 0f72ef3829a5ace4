import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAIM_LEASE_MS } from '@shared/sync/mutations';
import type { Report } from '@shared/domain/report';
import { openLocalDb, type LocalDb } from '../../../src/main/db';
import { acknowledge, createLeaseKeeper, type LeaseKeeper, type LocalActor } from '../../../src/main/sync';
import { syntheticReport } from '../helpers/synthetic';
import { useTempDirs } from '../helpers/temp';

/**
 * The claim of the open report is renewed while the officer works (issue 3): at half the lease, never
 * two renewals waiting for one report, not while idle, not for a report someone else holds. Real
 * encrypted store, fake clock.
 */
const tmp = useTempDirs();
const MIN = 60_000;
const START = Date.parse('2026-11-22T09:00:00.000Z');
const ANA: LocalActor = { clientId: '11111111-1111-4111-8111-111111111111', userId: '22222222-2222-4222-8222-222222222222', username: 'ana', role: 'analyst' };

let db: LocalDb;
let keeper: LeaseKeeper;
let active: boolean;
let renewed: string[];

const claimed = (holder: string, leaseUntil: number, i = 1): Report => ({
  ...syntheticReport(i),
  status: 'in_progress',
  claimedBy: holder,
  leaseUntil: new Date(leaseUntil).toISOString(),
});
const renewals = (id: string) => db.outbox.forReport(id).filter((e) => e.name === 'claim');
const leaseOf = (id: string) => Date.parse(db.getReport(id)?.leaseUntil ?? '');

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  db = openLocalDb({ file: path.join(tmp(), 'lease.db'), key: randomBytes(32) });
  active = true;
  renewed = [];
  keeper = createLeaseKeeper({ db: () => db, actor: async () => ANA, active: () => active, onRenewed: (id) => renewed.push(id) });
});
afterEach(() => {
  keeper.stop();
  db.close();
  vi.useRealTimers();
});

describe('lease keeper', () => {
  it('renews the open report at half the lease, not before, and again half a lease after the server confirmed', async () => {
    const report = claimed('ana', START + CLAIM_LEASE_MS);
    db.writer.putReport(report);
    keeper.focus(report.id);
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS / 2 - MIN);
    expect(renewals(report.id)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(MIN);
    expect(renewals(report.id)).toHaveLength(1);
    expect(renewed).toEqual([report.id]);
    expect(leaseOf(report.id)).toBe(Date.now() + CLAIM_LEASE_MS);

    // The sync sends it and the server's state (with the new lease) comes back.
    const confirmedUntil = Date.now() + CLAIM_LEASE_MS;
    acknowledge(db, ANA.clientId, 1, []);
    db.writer.putReport({ ...claimed('ana', confirmedUntil), version: 2 });
    keeper.refresh();
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS / 2 - MIN);
    expect(renewals(report.id)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(MIN);
    expect(renewals(report.id)).toHaveLength(1);
    expect(renewed).toHaveLength(2);
  });

  it('coalesces: while a renewal waits in the outbox (offline), no second one is recorded', async () => {
    const report = claimed('ana', START + CLAIM_LEASE_MS);
    db.writer.putReport(report);
    keeper.focus(report.id);
    await vi.advanceTimersByTimeAsync(3 * CLAIM_LEASE_MS);
    expect(renewals(report.id)).toHaveLength(1);
    expect(db.outbox.count()).toBe(1);
  });

  it('a lease already past its half when the report is opened is renewed at once', async () => {
    const report = claimed('ana', START + 5 * MIN);
    db.writer.putReport(report);
    keeper.focus(report.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(renewals(report.id)).toHaveLength(1);
  });

  it('an idle officer lets the lease run; back at work before expiry, it is renewed within a minute', async () => {
    const report = claimed('ana', START + CLAIM_LEASE_MS);
    db.writer.putReport(report);
    active = false;
    keeper.focus(report.id);
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS / 2 + 5 * MIN);
    expect(renewals(report.id)).toHaveLength(0);
    active = true;
    await vi.advanceTimersByTimeAsync(MIN);
    expect(renewals(report.id)).toHaveLength(1);
  });

  it('nothing for a report held by someone else, an expired lease, a closed report, or after switching', async () => {
    const other = claimed('bob', START + 2 * MIN, 1);
    const expired = claimed('ana', START - MIN, 2);
    const mine = claimed('ana', START + CLAIM_LEASE_MS, 3);
    for (const r of [other, expired, mine]) db.writer.putReport(r);
    keeper.focus(other.id);
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS);
    keeper.focus(expired.id);
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS);
    expect(db.outbox.count()).toBe(0);

    vi.setSystemTime(START);
    keeper.focus(mine.id);
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS / 4);
    keeper.focus(null);
    await vi.advanceTimersByTimeAsync(CLAIM_LEASE_MS);
    expect(db.outbox.count()).toBe(0);
  });
});
