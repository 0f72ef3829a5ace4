import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh data folder per test, removed afterwards. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(path.join(tmpdir(), 'pharos-main-'));
    dirs.push(d);
    return d;
  };
}

/** Cheap Argon2id parameters: tests exercise the logic, not the cost. */
export const TEST_KDF = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
