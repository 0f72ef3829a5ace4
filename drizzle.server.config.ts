import { defineConfig } from 'drizzle-kit';

// Central server migrations: generated from the pg-core schema, applied at start on PGlite and PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './resources/migrations/server',
});
