import { randomBytes } from 'node:crypto';
import { KindedError } from '@shared/result';
import type { VaultState, VaultStatus } from '@shared/api/contract';
import { DEFAULT_KDF, KEY_BYTES, deriveKey, open, seal, type KdfParams } from './crypto';
import { headerBytes, readVaultFile, vaultPath, writeVaultFile, type VaultFile } from './file';
import { identityProtector, type KeyProtector } from './protector';

export type VaultOptions = {
  dataDir: string;
  protector?: KeyProtector;
  /** Idle minutes before the vault locks itself; 0 disables auto-lock. */
  autoLockMinutes?: number;
  kdf?: KdfParams;
};

export type Vault = {
  status(): Promise<VaultStatus>;
  /** First run: chooses the passphrase. Returns the new data key (the vault is then unlocked). */
  create(passphrase: string): Promise<Buffer>;
  unlock(passphrase: string): Promise<Buffer>;
  lock(reason?: 'user' | 'idle'): void;
  /** The data key while unlocked; `locked` error otherwise. */
  key(): Buffer;
  isUnlocked(): boolean;
  /** Activity resets the auto-lock timer. */
  touch(): void;
  /** Called after every lock (user or idle), so that owners close what the key opened. */
  onLock(listener: (reason: 'user' | 'idle') => void): () => void;
};

export function createVault(opts: VaultOptions): Vault {
  const file = vaultPath(opts.dataDir);
  const protector = opts.protector ?? identityProtector;
  const kdf = opts.kdf ?? DEFAULT_KDF;
  const idleMs = Math.max(0, (opts.autoLockMinutes ?? 15) * 60_000);
  const listeners = new Set<(reason: 'user' | 'idle') => void>();
  let dataKey: Buffer | null = null;
  let timer: NodeJS.Timeout | null = null;
  let busy = false;

  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (dataKey && idleMs > 0) {
      timer = setTimeout(() => lock('idle'), idleMs);
      timer.unref();
    }
  };

  const lock = (reason: 'user' | 'idle' = 'user'): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!dataKey) return;
    dataKey.fill(0);
    dataKey = null;
    for (const l of listeners) l(reason);
  };

  // One passphrase operation at a time: two concurrent unlocks must not race on the key.
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    if (busy) throw new KindedError('conflict', 'Une opération sur le coffre est déjà en cours.');
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };

  const state = async (): Promise<VaultState> => {
    if (dataKey) return 'unlocked';
    return (await readVaultFile(file)) ? 'locked' : 'uninitialised';
  };

  return {
    status: async () => ({ state: await state(), dataDir: opts.dataDir }),
    create: (passphrase) =>
      exclusive(async () => {
        if (await readVaultFile(file)) throw new KindedError('conflict', 'Le coffre existe déjà : déverrouillez-le.');
        const key = randomBytes(KEY_BYTES);
        await writeVaultFile(file, await buildVaultFile(key, passphrase, protector, kdf));
        dataKey = key;
        arm();
        return Buffer.from(key);
      }),
    unlock: (passphrase) =>
      exclusive(async () => {
        const content = await readVaultFile(file);
        if (!content) throw new KindedError('not_found', 'Aucun coffre : créez-le d’abord (premier démarrage).');
        const key = await unwrapDataKey(content, passphrase, protector, file);
        if (dataKey) dataKey.fill(0);
        dataKey = key;
        arm();
        return Buffer.from(key);
      }),
    lock,
    key: () => {
      if (!dataKey) throw new KindedError('locked', 'Le coffre est verrouillé : saisissez votre phrase secrète.');
      return dataKey;
    },
    isUnlocked: () => dataKey !== null,
    touch: () => {
      if (dataKey) arm();
    },
    onLock: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function buildVaultFile(key: Buffer, passphrase: string, protector: KeyProtector, kdf: KdfParams): Promise<VaultFile> {
  const salt = randomBytes(16);
  const header: Omit<VaultFile, 'wrappedKey'> = {
    format: 'pharos-vault',
    version: 1,
    createdAt: new Date().toISOString(),
    protector: protector.name,
    kdf: { algorithm: 'argon2id', ...kdf, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
  };
  const kek = await deriveKey(passphrase, salt, kdf);
  try {
    const sealed = seal(kek, key, headerBytes(header));
    const wrapped = await protector.wrap(sealed);
    return { ...header, wrappedKey: wrapped.toString('base64') };
  } finally {
    kek.fill(0);
  }
}

async function unwrapDataKey(content: VaultFile, passphrase: string, protector: KeyProtector, file: string): Promise<Buffer> {
  if (content.protector !== protector.name) {
    throw new KindedError(
      'unsupported',
      `Le coffre ${file} est protégé par « ${content.protector} », indisponible ici (protection « ${protector.name} »). Ouvrez-le avec l’application qui l’a créé, sur le poste et le compte qui l’ont créé.`,
    );
  }
  let sealed: Buffer;
  try {
    sealed = await protector.unwrap(Buffer.from(content.wrappedKey, 'base64'));
  } catch (e) {
    throw new KindedError('internal', `La protection système du coffre n’a pas pu être levée : ${(e as Error).message}`);
  }
  const { algorithm: _algorithm, salt, ...kdf } = content.kdf;
  const kek = await deriveKey(passphrase, Buffer.from(salt, 'base64'), kdf);
  try {
    const key = open(kek, sealed, headerBytes(content));
    if (!key || key.length !== KEY_BYTES) {
      throw new KindedError('wrong_passphrase', 'Phrase secrète incorrecte. Rien n’a été modifié.');
    }
    return key;
  } finally {
    kek.fill(0);
  }
}
