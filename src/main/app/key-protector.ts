import { safeStorage } from 'electron';
import type { KeyProtector } from '../vault';

/**
 * Outer wrapping of the vault's data key by the operating system's secret store (DESIGN §2.4): a copy of
 * the vault file is useless on another machine or account even with the passphrase. When the OS offers
 * no secret store, the vault keeps only the passphrase wrapping and says so in the log.
 */
export function safeStorageProtector(): KeyProtector | undefined {
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn('safeStorage indisponible : la clé du coffre est protégée par la seule phrase de passe');
    return undefined;
  }
  return {
    name: 'electron-safe-storage',
    wrap: (data: Buffer) => safeStorage.encryptString(data.toString('base64')),
    unwrap: (data: Buffer) => Buffer.from(safeStorage.decryptString(data), 'base64'),
  };
}
