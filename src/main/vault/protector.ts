/**
 * An optional outer wrapping of the vault's key material by the operating system. In Electron it is
 * safeStorage (the OS keychain), so a copied vault file is useless on another machine or account even
 * with the passphrase; in Node/browser mode there is no OS keychain and the identity protector is used.
 * The name is recorded in the vault file so that a vault is never silently opened with the wrong one.
 */
export type KeyProtector = {
  /** Recorded in the vault file; a vault is only opened with the protector that wrapped it. */
  readonly name: string;
  wrap(data: Buffer): Buffer | Promise<Buffer>;
  unwrap(data: Buffer): Buffer | Promise<Buffer>;
};

export const identityProtector: KeyProtector = {
  name: 'none',
  wrap: (data) => Buffer.from(data),
  unwrap: (data) => Buffer.from(data),
};
