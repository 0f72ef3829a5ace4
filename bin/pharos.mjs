#!/usr/bin/env node
// pharos: workstation command-line tools (capture, verify, …).
import { importFromRoot } from './load-ts.mjs';

const { main } = await importFromRoot('src/main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
