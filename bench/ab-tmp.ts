import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { startServer } from '../src/server/app';
import { queryRows } from '../src/server/db/rows';

const root = mkdtempSync(path.join(tmpdir(), 'ab-'));
const server = await startServer({ dataDir: path.join(root, 'server'), port: 0, databaseUrl: null });
await server.admin.seedSynthetic(8000);
const db = server.admin.db;
const ids = (await queryRows<{ id: string }>(db, sql`select id from reports order by random() limit 100`)).map((r) => r.id);
const values = ids.map((id, i) => sql`(${id}::uuid, ${'in_review'}, ${'bench'}, ${new Date().toISOString()}::timestamptz, ${new Date().toISOString()}::timestamptz, ${100000 + i}::bigint, ${null}::jsonb)`);
const q = (explain: string) => sql`${sql.raw(explain)} update reports r set status = v.status, claimed_by = v.claimed_by, lease_until = v.lease_until, updated_at = v.updated_at, version = v.version, decision = v.decision
      from (values ${sql.join(values, sql`, `)}) as v(id, status, claimed_by, lease_until, updated_at, version, decision) where r.id = v.id`;
const plan = await queryRows<Record<string, string>>(db, q('explain analyze'));
console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
console.log((await queryRows<Record<string, string>>(db, sql`select indexname, indexdef from pg_indexes where tablename = 'reports'`)).map((r) => r.indexdef).join('\n'));
console.log((await queryRows<Record<string, string>>(db, sql`select tgname from pg_trigger where tgrelid = 'reports'::regclass`)).map((r) => r.tgname).join('\n'));
await server.close();
