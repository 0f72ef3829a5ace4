// Bundles the workstation's command line (browser mode included) into out/cli/pharos.mjs: npm packages
// stay external, our TypeScript is compiled once. Takes a few tens of milliseconds, so the launcher
// rebuilds it at every start and it is never stale.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli() {
  await build({
    entryPoints: [`${root}src/main/cli/bin.ts`],
    outfile: `${root}out/cli/pharos.mjs`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    tsconfig: `${root}tsconfig.json`,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return `${root}out/cli/pharos.mjs`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
