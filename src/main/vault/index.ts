/** The vault: the data key of the encrypted store, wrapped by the officer's passphrase (Argon2id). */
export { createVault, type Vault, type VaultOptions } from './vault';
export { identityProtector, type KeyProtector } from './protector';
export { DEFAULT_KDF, type KdfParams } from './crypto';
export { VAULT_FILE, VAULT_VERSION } from './file';
