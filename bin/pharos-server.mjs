#!/usr/bin/env node
// pharos-server: the central server and its administration commands (see README).
import { importFromRoot } from './load-ts.mjs';

const { main } = await importFromRoot('src/server/cli.ts');
process.exitCode = await main(process.argv.slice(2));
