// Starts the demo server as a child process (the workstation and the server are separate programs,
// even when the launcher runs both) and waits for its machine-readable ready line.
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import tls from 'node:tls';
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

/**
 * What the workstation needs to capture the demo web in demo mode (`pharos web --demo-allow-host
 * --demo-cert-spki`): the demo web's origin, and the public key of the certificate the demo server
 * presents, read over TLS and kept only if it is the certificate the server announced (its SHA-256).
 * Chromium accepts a self-signed certificate by the SHA-256 of its key (SPKI), for that key only.
 */
export async function demoWebAccess(server) {
  const web = new URL(server.demo.demoWebUrl);
  const cert = await new Promise((resolve, reject) => {
    const socket = tls.connect({ host: web.hostname, port: Number(web.port), servername: web.hostname, rejectUnauthorized: false }, () => {
      const peer = socket.getPeerCertificate();
      socket.end();
      resolve(new X509Certificate(peer.raw));
    });
    socket.once('error', reject);
  });
  if (cert.fingerprint256.toUpperCase() !== server.fingerprint.toUpperCase()) {
    throw new Error('le certificat du web de démonstration n’est pas celui annoncé par le serveur de démonstration');
  }
  const spki = createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  return { allowHost: `${web.hostname}:${web.port}`, certSpkiSha256: spki };
}
