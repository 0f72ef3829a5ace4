import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KindedError } from '@shared';

/**
 * The key that encrypts evidence at rest, beside the token-signing key in DATA/secrets and never in the
 * database: a database dump or replica, or a copy of evidence/, opens no WACZ. Losing it loses the
 * server's copies (workstations keep theirs): it belongs in the data folder's backup.
 */
export function loadEvidenceKey(dataDir: string, create: boolean): Buffer {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, 'evidence.key');
  if (!existsSync(file)) {
    if (!create) throw new KindedError('not_found', `Clé des preuves absente (${file}) : ce dossier de données n’a jamais reçu de preuve, ou sa clé a été perdue.`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new KindedError('validation', `Clé des preuves invalide dans ${file} (32 octets en base64 attendus).`);
  return key;
}
