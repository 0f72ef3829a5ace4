// Loads the project's TypeScript sources directly (tsx), with the path aliases of tsconfig.json, so the
// server and the command-line tools run from a checkout with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig: `${root}tsconfig.json` });

/** Imports a module given relative to the project root. */
export function importFromRoot(relative) {
  return import(new URL(`../${relative}`, import.meta.url).href);
}
