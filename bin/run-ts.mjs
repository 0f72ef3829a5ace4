#!/usr/bin/env node
// Runs a TypeScript file of the project (bench scripts, tools): node bin/run-ts.mjs bench/x.ts [args]
import { importFromRoot } from './load-ts.mjs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bin/run-ts.mjs <file.ts> [args]');
  process.exit(2);
}
process.argv = [process.argv[0], file, ...rest];
await importFromRoot(file);
