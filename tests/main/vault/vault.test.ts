import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KindedError } from '@shared/result';
import { createVault, VAULT_FILE, type KeyProtector } from '../../../src/main/vault';
import { TEST_KDF, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const PASS = 'une phrase secrète assez longue';

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return e instanceof KindedError ? e.kind : `untyped: ${String(e)}`;
  }
}

describe('vault', () => {
  it('is uninitialised, then created (unlocked), then locked and unlocked to the same key', async () => {
    const dataDir = tempDir();
    const vault = createVault({ dataDir, kdf: TEST_KDF });
    expect((await vault.status()).state).toBe('uninitialised');
    const key = await vault.create(PASS);
    expect(key).toHaveLength(32);
    expect((await vault.status()).state).toBe('unlocked');
    const file = JSON.parse(readFileSync(path.join(dataDir, VAULT_FILE), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'pharos-vault', version: 1, cipher: 'aes-256-gcm', protector: 'none' });
    expect(JSON.stringify(file)).not.toContain(key.toString('base64'));
    vault.lock();
    expect((await vault.status()).state).toBe('locked');
    expect(() => vault.key()).toThrow(KindedError);
    const again = createVault({ dataDir, kdf: TEST_KDF });
    expect((await again.unlock(PASS)).equals(key)).toBe(true);
  });

  it('lock zeroes the key in memory and tells listeners', async () => {
    const vault = createVault({ dataDir: tempDir(), kdf: TEST_KDF });
    await vault.create(PASS);
    const held = vault.key();
    const onLock = vi.fn();
    vault.onLock(onLock);
    vault.lock();
    expect(held.every((b) => b === 0)).toBe(true);
    expect(onLock).toHaveBeenCalledWith('user');
  });

  it('refuses a wrong passphrase with wrong_passphrase and leaves the file byte-identical', async () => {
    const dataDir = tempDir();
    await createVault({ dataDir, kdf: TEST_KDF }).create(PASS);
    const before = readFileSync(path.join(dataDir, VAULT_FILE));
    const vault = createVault({ dataDir, kdf: TEST_KDF });
    expect(await kindOf(vault.unlock('pas la bonne phrase'))).toBe('wrong_passphrase');
    expect(readFileSync(path.join(dataDir, VAULT_FILE)).equals(before)).toBe(true);
    expect(vault.isUnlocked()).toBe(false);
  });

  it('refuses to create twice', async () => {
    const dataDir = tempDir();
    await createVault({ dataDir, kdf: TEST_KDF }).create(PASS);
    expect(await kindOf(createVault({ dataDir, kdf: TEST_KDF }).create(PASS))).toBe('conflict');
  });

  it('reports a corrupted file clearly and never overwrites it', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, VAULT_FILE);
    writeFileSync(file, '{ not json');
    const vault = createVault({ dataDir, kdf: TEST_KDF });
    await expect(vault.unlock(PASS)).rejects.toThrow(/endommagé/);
    await expect(vault.create(PASS)).rejects.toThrow(/endommagé/);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });

  it('detects a tampered header (authenticated) as a wrong passphrase, not as a key', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, VAULT_FILE);
    await createVault({ dataDir, kdf: TEST_KDF }).create(PASS);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { createdAt: string };
    json.createdAt = '2000-01-01T00:00:00.000Z';
    writeFileSync(file, JSON.stringify(json));
    expect(await kindOf(createVault({ dataDir, kdf: TEST_KDF }).unlock(PASS))).toBe('wrong_passphrase');
  });

  it('refuses a vault written by a newer version, untouched', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, VAULT_FILE);
    await createVault({ dataDir, kdf: TEST_KDF }).create(PASS);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { version: number };
    json.version = 9;
    const text = JSON.stringify(json);
    writeFileSync(file, text);
    await expect(createVault({ dataDir, kdf: TEST_KDF }).unlock(PASS)).rejects.toMatchObject({ kind: 'unsupported' });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('applies the key protector and refuses a vault made with another one', async () => {
    const dataDir = tempDir();
    const xor: KeyProtector = { name: 'test-xor', wrap: (b) => Buffer.from(b.map((x) => x ^ 0x5a)), unwrap: (b) => Buffer.from(b.map((x) => x ^ 0x5a)) };
    const key = await createVault({ dataDir, kdf: TEST_KDF, protector: xor }).create(PASS);
    expect((await createVault({ dataDir, kdf: TEST_KDF, protector: xor }).unlock(PASS)).equals(key)).toBe(true);
    expect(await kindOf(createVault({ dataDir, kdf: TEST_KDF }).unlock(PASS))).toBe('unsupported');
  });

  it('locks itself after the idle time, and activity postpones it', async () => {
    vi.useFakeTimers();
    try {
      const vault = createVault({ dataDir: tempDir(), kdf: TEST_KDF, autoLockMinutes: 1 });
      await vault.create(PASS);
      vi.advanceTimersByTime(50_000);
      vault.touch();
      vi.advanceTimersByTime(50_000);
      expect(vault.isUnlocked()).toBe(true);
      vi.advanceTimersByTime(11_000);
      expect(vault.isUnlocked()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses Argon2id with at least 64 MiB by default', async () => {
    const dataDir = tempDir();
    await createVault({ dataDir }).create(PASS);
    const json = JSON.parse(readFileSync(path.join(dataDir, VAULT_FILE), 'utf8')) as { kdf: { algorithm: string; memoryKiB: number; iterations: number } };
    expect(json.kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3 });
  });
});
