import { and, eq, isNull } from 'drizzle-orm';
import { KindedError } from '@shared';
import type { Db } from '../db/database';
import { apiKeys } from '../db/schema';
import { sha256Hex } from '../auth/secrets';
import type { Origin } from './service';

/** The origin of an API submission, from its key; one message for missing, unknown and revoked keys. */
export async function originOfApiKey(db: Db, key: string | undefined): Promise<Origin> {
  if (!key) throw new KindedError('unauthorized', "Clé d'API absente (en-tête x-api-key).");
  const rows = await db
    .select({ id: apiKeys.id, organisation: apiKeys.organisation, source: apiKeys.source })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(key)), isNull(apiKeys.revokedAt)));
  const row = rows[0];
  if (!row || (row.source !== 'professional' && row.source !== 'state')) {
    throw new KindedError('unauthorized', "Clé d'API inconnue ou révoquée.");
  }
  return { source: row.source, organisation: row.organisation, apiKeyId: row.id };
}
