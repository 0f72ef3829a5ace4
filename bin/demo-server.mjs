// Starts the demo server as a child process (the workstation and the server are separate programs,
// even when the launcher runs both) and waits for its machine-readable ready line.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

const READY = 'PHAROS_SERVER_READY ';

export function startDemoServer({ root, dataDir, port = process.env.PHAROS_DEMO_PORT ?? '8443' }) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/pharos-server.mjs'), '--data', dataDir, '--demo', '--port', String(port)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`le serveur de démonstration s'est arrêté (code ${code})`)));
    lines.on('line', (line) => {
      if (!line.startsWith(READY)) {
        console.log(line);
        return;
      }
      const info = JSON.parse(line.slice(READY.length));
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        });
      resolve({ ...info, stop });
    });
  });
}
