import { eq, sql } from 'drizzle-orm';
import type { Role } from '@shared';
import type { DemoInfo } from '@shared/http/server-ready';
import { addUser, createApiKey, createEnrolmentCode } from '../auth/admin';
import type { Db } from '../db/database';
import { queryRows } from '../db/rows';
import { users } from '../db/schema';
import { linkClusters, seedSyntheticReports } from './synthetic';
import { seedDemoCatalog } from './catalog';
import { completeSeededDecisions } from './repair';
import { readDirectory } from '../review';

/** Demo-only accounts: fixed and memorable on purpose, printed at start, never for real use. */
export const DEMO_ACCOUNTS: readonly { username: string; password: string; role: Role; displayName: string }[] = [
  { username: 'analyste', password: 'demo-analyste', role: 'analyst', displayName: 'Analyste (démo)' },
  { username: 'cyberpatrouille', password: 'demo-cyberpatrouille', role: 'cyberpatrol', displayName: 'Cyberpatrouilleur (démo)' },
  { username: 'superviseur', password: 'demo-superviseur', role: 'supervisor', displayName: 'Superviseur (démo)' },
  { username: 'admin', password: 'demo-admin', role: 'admin', displayName: 'Administrateur (démo)' },
];
export const DEMO_API_KEY = 'phk_demo_signaleur_de_confiance';
export const DEMO_REPORT_COUNT = 200;
/** The demo supervisor approved the seeded decided reports (and reviews the seeded proposals). */
const DEMO_SUPERVISOR = 'superviseur';

/**
 * Seeds the demo data set; safe to run at every start: accounts, the API key and the reports are
 * created once, and only the one-time enrolment code is new each time (the old one may be used).
 */
export async function seedDemo(db: Db, p: { port: number }): Promise<DemoInfo> {
  for (const a of DEMO_ACCOUNTS) {
    const exists = await db.select({ id: users.id }).from(users).where(eq(users.username, a.username));
    if (exists.length === 0) await addUser(db, a);
  }
  const apiKey = await createApiKey(db, { organisation: 'Signaleur de confiance (démo)', source: 'professional' }, DEMO_API_KEY);
  const demoWebUrl = `https://localhost:${p.port}/demo-web/`;
  const [seeded] = await queryRows<{ n: number }>(db, sql`select 1 as n from reports where urls::text like '%/demo-web/%' limit 1`);
  // The worked reports' orientations point into the directory this server holds (seeded before the demo).
  const services = (await readDirectory(db, null)).services ?? [];
  if (!seeded) {
    await seedSyntheticReports(db, DEMO_REPORT_COUNT, {
      baseUrl: demoWebUrl,
      analysts: ['analyste'],
      cyberpatrols: ['cyberpatrouille'],
      duplicateEvery: 12,
      seed: 2026,
      services,
      supervisor: DEMO_SUPERVISOR,
    });
    await linkClusters(db);
  } else {
    await completeSeededDecisions(db, services, DEMO_SUPERVISOR);
  }
  await seedDemoCatalog(db);
  return {
    enrolmentCode: await createEnrolmentCode(db, 24 * 7),
    accounts: DEMO_ACCOUNTS.map(({ username, password, role }) => ({ username, password, role })),
    apiKey,
    demoWebUrl,
  };
}
