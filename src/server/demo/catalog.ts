import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importNatinfFile, type ImportSummary } from '../catalog';
import type { Db } from '../db/database';

/**
 * The 100 real NATINF rows kept next to the project (`../shared/data/natinf/`), read in place: they are
 * reference data of the Ministry of Justice, not part of this repository.
 */
export const DEMO_NATINF_FILE = fileURLToPath(new URL('../../../../shared/data/natinf/natinf_pharos.csv', import.meta.url));

/** Imports the demo NATINF subset when it is there (idempotent: a restart changes nothing); null when absent. */
export async function seedDemoCatalog(db: Db, file: string = DEMO_NATINF_FILE): Promise<ImportSummary | null> {
  if (!existsSync(file)) return null;
  return importNatinfFile(db, file);
}
