// Child process of bench/web-start.ts: the browser-mode workstation exactly as `npm run start:web` runs
// it, on an existing data folder. Prints its URL and runs until killed.
import { runWebMode } from '../../src/main/cli/web';

const [dataDir, staticDir] = process.argv.slice(2);
if (!dataDir || !staticDir) throw new Error('usage: web-mode-child.ts DATA_DIR STATIC_DIR');
await runWebMode({ dataDir, staticDir, port: 0 });
