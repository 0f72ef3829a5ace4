import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertJson, queryRows } from '../../../src/server/db/rows';
import { syncMutations } from '../../../src/server/db/schema';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';

// The one-parameter batch insert used by push: what it writes must be exactly what the query builder
// would have written, defaults included, on both engines.
describe.each(backends())('batch insert as JSON on $name', (b) => {
  warnIfSkipped(b, 'rows');
  let server: TestServer;
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b);
  });
  afterAll(async () => server?.destroy());

  const [userId, reportId] = [randomUUID(), randomUUID()];
  const row = (clientId: string, mutationId: number, args: unknown, extra: Partial<typeof syncMutations.$inferInsert> = {}) => ({
    clientId, mutationId, userId, name: 'note', args, reportId,
    createdAt: new Date('2026-11-22T10:11:12.345Z'), processedAt: new Date(), status: 'applied', ...extra,
  });

  it.skipIf(b.skip)('writes the same rows as the query builder: text, JSON, dates, nulls, generated ids', async () => {
    const db = server.admin.db;
    const [viaJson, viaBuilder] = [randomUUID(), randomUUID()];
    const args = { reportId: randomUUID(), text: 'Guillemets " et \\ barre, accents éà, emoji 🚨, ligne\nsuivante', nested: { list: [1, null, 'x'] } };
    const rows = (client: string) => [row(client, 1, args), row(client, 2, args, { status: 'rejected', reasonKind: 'forbidden', reasonMessage: 'Refusé : « hors périmètre ».', reportId: null })];
    await db.transaction((tx) => insertJson(tx, syncMutations, rows(viaJson)));
    await db.insert(syncMutations).values(rows(viaBuilder));
    const read = (client: string) => db.select().from(syncMutations).where(eq(syncMutations.clientId, client)).orderBy(syncMutations.mutationId);
    const [a, bRows] = [await read(viaJson), await read(viaBuilder)];
    expect(a).toHaveLength(2);
    const comparable = (r: typeof a) => r.map(({ seq, clientId: _client, processedAt: _processed, ...rest }) => ({ seqIsNumber: typeof seq === 'number' && seq > 0, ...rest }));
    expect(comparable(a)).toEqual(comparable(bRows));
    expect(a[0]?.args).toEqual(args);
    expect(a[0]?.createdAt.toISOString()).toBe('2026-11-22T10:11:12.345Z');
    expect(a[1]?.reportId).toBeNull();
    expect(a[1]?.versionAfter).toBeNull();
  });

  it.skipIf(b.skip)('is one statement: a row the table refuses leaves none of the others written', async () => {
    const client = randomUUID();
    const bad = [row(client, 1, { a: 1 }), row(client, 1, { a: 2 })]; // the same (client, mutation) twice
    await expect(server.admin.db.transaction((tx) => insertJson(tx, syncMutations, bad))).rejects.toThrow();
    const [n] = await queryRows<{ n: string | number }>(server.admin.db, sql`select count(*) as n from sync_mutations where client_id = ${client}`);
    expect(Number(n?.n)).toBe(0);
  });

  it.skipIf(b.skip)('writes nothing, and sends nothing, for no rows', async () => {
    await expect(server.admin.db.transaction((tx) => insertJson(tx, syncMutations, []))).resolves.toBeUndefined();
  });
});
