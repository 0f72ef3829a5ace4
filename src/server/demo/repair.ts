import { sql } from 'drizzle-orm';
import type { Category, Decision, ReportStatus, ServiceEntry } from '@shared';
import type { Db } from '../db/database';
import { queryRows, withReportsLock } from '../db/rows';
import { demoDecision, WORKED_STATUSES } from './decisions';

type Worked = { id: string; category: Category; status: ReportStatus; claimed_by: string; received_at: Date | string; decision: Decision | null };

/** Nobody recorded any step of it: an empty proposal as demo data sets seeded before carried. */
const untouched = (d: Decision | null): boolean => !d || (!d.verification && !d.qualification && !d.orientation && !d.screening);

/**
 * Gives the worked reports of a demo data set seeded before decisions were (empty proposals, "décidé" with
 * nothing decided) their complete decision, under a new version so workstations fetch it at their next
 * sync. Reports where someone recorded a step are left as they are; comments, preservations and a
 * recorded review are kept. Idempotent: a second run finds nothing to complete. Returns how many.
 */
export async function completeSeededDecisions(db: Db, services: readonly ServiceEntry[], supervisor: string): Promise<number> {
  return withReportsLock(db, async (tx) => {
    const statuses = sql.join(WORKED_STATUSES.map((s) => sql`${s}`), sql`, `);
    const rows = await queryRows<Worked>(tx, sql`select id, category, status, claimed_by, received_at, decision from reports
      where urls::text like '%/demo-web/%' and claimed_by is not null and status in (${statuses}) order by received_at, id`);
    let completed = 0;
    for (const [index, r] of rows.entries()) {
      if (!untouched(r.decision)) continue;
      const fresh = demoDecision({ index, category: r.category, status: r.status, analyst: r.claimed_by, supervisor, receivedAt: new Date(r.received_at).toISOString(), services });
      if (!fresh) continue;
      const old = r.decision;
      const decision: Decision = old ? { ...fresh, comments: old.comments, preservations: old.preservations, transmission: old.transmission, review: old.review ?? fresh.review } : fresh;
      await tx.execute(sql`update reports set decision = ${JSON.stringify(decision)}::jsonb, version = nextval('report_version_seq') where id = ${r.id}`);
      completed += 1;
    }
    return completed;
  });
}
