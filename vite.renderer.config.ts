import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is built on its own (browser mode serves out/renderer; electron-vite reuses the same
// sources). Paths are absolute so the build works from any working directory.
const root = fileURLToPath(new URL('./src/renderer', import.meta.url));
const shared = fileURLToPath(new URL('./src/shared', import.meta.url));
const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

export default defineConfig({
  root,
  // Relative asset paths: the same build is loaded from file:// in Electron and over http in browser mode.
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@shared$/, replacement: `${shared}/index.ts` },
      { find: /^@shared\/(.*)$/, replacement: `${shared}/$1` },
    ],
  },
  build: {
    outDir,
    emptyOutDir: true,
    // Only the application page: the dev harness (src/renderer/dev) never ships.
    rollupOptions: { input: `${root}/index.html` },
    sourcemap: false,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
