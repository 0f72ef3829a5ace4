import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const shared = fileURLToPath(new URL('./src/shared', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@shared$/, replacement: `${shared}/index.ts` },
      { find: /^@shared\/(.*)$/, replacement: `${shared}/$1` },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/setup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: native builds, PGlite and Chromium compete; two workers keep runs predictable.
    maxWorkers: 2,
  },
});
