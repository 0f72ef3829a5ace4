import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KindedError } from '@shared/result';

/** On-disk form of the vault. Versioned so that a later format is refused, never misread. */
export const VAULT_FORMAT = 'pharos-vault';
export const VAULT_VERSION = 1;
export const VAULT_FILE = 'vault.json';

const VaultFileSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  version: z.literal(VAULT_VERSION),
  createdAt: z.string(),
  protector: z.string().min(1).max(64),
  kdf: z.object({
    algorithm: z.literal('argon2id'),
    memoryKiB: z.number().int().min(8).max(4 * 1024 * 1024),
    iterations: z.number().int().min(1).max(100),
    parallelism: z.number().int().min(1).max(16),
    salt: z.base64(),
  }),
  cipher: z.literal('aes-256-gcm'),
  /** protector.wrap(iv ‖ tag ‖ AES-GCM(data key)), base64 */
  wrappedKey: z.base64(),
});
export type VaultFile = z.infer<typeof VaultFileSchema>;

/** The authenticated header: everything but the wrapped key, in a fixed order. */
export function headerBytes(f: Omit<VaultFile, 'wrappedKey'>): Buffer {
  const { format, version, createdAt, protector, kdf, cipher } = f;
  return Buffer.from(JSON.stringify([format, version, createdAt, protector, kdf, cipher]), 'utf8');
}

export function vaultPath(dataDir: string): string {
  return path.join(dataDir, VAULT_FILE);
}

export async function readVaultFile(file: string): Promise<VaultFile | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new KindedError('internal', `Impossible de lire le coffre ${file} : ${(e as Error).message}`);
  }
  return parseVaultFile(text, file);
}

function parseVaultFile(text: string, file: string): VaultFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupted(file, 'ce n’est pas du JSON valide');
  }
  const probe = z.object({ format: z.string(), version: z.number() }).safeParse(json);
  if (probe.success && probe.data.format === VAULT_FORMAT && probe.data.version > VAULT_VERSION) {
    throw new KindedError(
      'unsupported',
      `Le coffre ${file} a été écrit par une version plus récente de PHAROS Workstation (format ${probe.data.version}) : mettez l’application à jour. Le fichier n’a pas été modifié.`,
    );
  }
  const parsed = VaultFileSchema.safeParse(json);
  if (!parsed.success) throw corrupted(file, parsed.error.issues[0]?.message ?? 'structure inattendue');
  return parsed.data;
}

function corrupted(file: string, why: string): KindedError {
  return new KindedError(
    'internal',
    `Le coffre ${file} est endommagé (${why}). Il n’a pas été modifié : restaurez-le depuis une sauvegarde.`,
  );
}

/** Temp file + fsync + rename + directory fsync: a crash leaves either the old or the new vault, whole. */
export async function writeVaultFile(file: string, content: VaultFile): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(content, null, 2) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

async function fsyncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable on POSIX; Windows cannot open directories, and does not need it.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
