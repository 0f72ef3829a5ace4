// Entry of the bundled `pharos` command (out/cli/pharos.mjs, built by scripts/build-cli.mjs): the
// launcher runs browser mode from this bundle, which starts in a fraction of the time of loading the
// TypeScript sources one by one.
import { main } from './index';

process.exitCode = await main(process.argv.slice(2));
