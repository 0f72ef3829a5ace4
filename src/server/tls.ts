import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export type TlsMaterial = { cert: string; key: string; caPem: string; fingerprint: string };

/**
 * The server always speaks HTTPS. Without a configured certificate it generates a self-signed one
 * into DIR/tls on first start and reuses it afterwards, so the fingerprint pinned by enrolled
 * workstations stays valid across restarts.
 */
export async function loadTls(dataDir: string, configured?: { certFile: string; keyFile: string }): Promise<TlsMaterial> {
  if (configured) {
    const cert = readFileSync(configured.certFile, 'utf8');
    return { cert, key: readFileSync(configured.keyFile, 'utf8'), caPem: cert, fingerprint: certFingerprint(cert) };
  }
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pems = await generateSelfSigned();
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(certFile, pems.cert);
  }
  const cert = readFileSync(certFile, 'utf8');
  return { cert, key: readFileSync(keyFile, 'utf8'), caPem: cert, fingerprint: certFingerprint(cert) };
}

function generateSelfSigned(): ReturnType<typeof generate> {
  const now = new Date();
  const tenYears = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  return generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'PHAROS server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: tenYears,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
}

/** SHA-256 of the certificate DER, uppercase hex pairs separated by colons (AB:CD:…). */
export function certFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.toUpperCase();
}
