#!/usr/bin/env node
// npm start / npm run start:web: the workstation on an embedded default. With no server configured,
// the demo server (PGlite, sample data) starts beside it; then the workstation starts in Electron, or
// in browser mode with --web.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoWebAccess, startDemoServer } from './demo-server.mjs';
import { buildCli } from '../scripts/build-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const web = args.includes('--web');
const dataRoot = path.resolve(process.env.PHAROS_HOME ?? path.join(root, '.data'));

function electronBinary() {
  try {
    const bin = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Newest modification time under a folder (the renderer is rebuilt when its sources changed). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function rendererIsStale() {
  const built = path.join(root, 'out/renderer/index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newest(path.join(root, 'src/renderer')), newest(path.join(root, 'src/shared')));
  return sources > statSync(built).mtimeMs;
}

/** The child running now (build, workstation): a signal to the launcher is passed on to it. */
let current = null;

function run(cmd, cmdArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    current = child;
    child.on('exit', (code, signal) => {
      if (current === child) current = null;
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

/**
 * First SIGINT/SIGTERM: the workstation is asked to stop (it closes its store and exits within 5 s), then
 * the demo server; a child that is still there after 6 s is killed. Without this the workstation outlived
 * the launcher.
 */
function onSignal(stop) {
  let stopping = false;
  return (signal) => {
    if (stopping) return;
    stopping = true;
    const code = signal === 'SIGINT' ? 130 : 143;
    const child = current;
    if (!child) return void stop().then(() => process.exit(code));
    const kill = setTimeout(() => child.kill('SIGKILL'), 6_000);
    child.once('exit', () => {
      clearTimeout(kill);
      void stop().then(() => process.exit(code));
    });
    child.kill(signal);
  };
}

async function main() {
  const electron = web ? null : electronBinary();
  if (!web && !electron) {
    console.error("Electron n'est pas installé sur cette machine (binaire absent) : lancez `npm run start:web` pour le mode navigateur.");
    return 1;
  }
  const server = await startDemoServer({ root, dataDir: path.join(dataRoot, 'server') });
  const stop = () => server.stop();
  const signalled = onSignal(stop);
  process.on('SIGINT', signalled);
  process.on('SIGTERM', signalled);
  const demo = { serverUrl: server.url, fingerprint: server.fingerprint, enrolmentCode: server.demo.enrolmentCode, accounts: server.demo.accounts };
  const workstationDir = path.join(dataRoot, 'workstation');
  try {
    if (web) {
      if (rendererIsStale()) {
        const code = await run('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
        if (code !== 0) return code;
      }
      const cli = await buildCli();
      const port = process.env.PHAROS_WEB_PORT ?? '0';
      // Demo mode: the demo web (and only it) is capturable; a production workstation never gets these.
      const demoWeb = await demoWebAccess(server);
      return await run(
        process.execPath,
        [cli, 'web', '--data', workstationDir, '--static', path.join(root, 'out/renderer'), '--port', port,
          '--demo-allow-host', demoWeb.allowHost, '--demo-cert-spki', demoWeb.certSpkiSha256],
        { PHAROS_DEMO: JSON.stringify(demo) },
      );
    }
    const built = await run('npx', ['electron-vite', 'build']);
    if (built !== 0) return built;
    return await run(electron, ['.'], { PHAROS_DATA_DIR: workstationDir, PHAROS_DEMO: JSON.stringify(demo) });
  } finally {
    await stop();
  }
}

process.exitCode = await main();
