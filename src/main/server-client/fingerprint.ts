import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { KindedError } from '@shared/result';

/** What the officer types may use any case, colons, spaces or dashes: compare canonical hex only. */
export function normaliseFingerprint(input: string): string {
  const hex = input.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new KindedError(
      'validation',
      'Empreinte invalide : 64 caractères hexadécimaux attendus (SHA-256), tels qu’affichés par le serveur au démarrage.',
    );
  }
  return hex;
}

/** Uppercase hex, colon-separated: the form the server prints. */
export function displayFingerprint(hex: string): string {
  return normaliseFingerprint(hex).match(/.{2}/g)?.join(':') ?? hex;
}

export function fingerprintOfDer(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}

export function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function fingerprintOfPem(pem: string): string {
  return fingerprintOfDer(new X509Certificate(pem).raw);
}

export type PeerCertificate = { pem: string; fingerprint: string };

/**
 * Enrolment only: connects WITHOUT trusting anything yet, reads the certificate the server presents,
 * and returns it only if its SHA-256 matches the fingerprint the officer read from the server. From
 * then on the stored certificate is the only one ever accepted.
 */
export async function fetchPinnedCertificate(serverUrl: string, expected: string, timeoutMs = 10_000): Promise<PeerCertificate> {
  const want = normaliseFingerprint(expected);
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:') throw new KindedError('validation', 'L’adresse du serveur doit commencer par https://');
  const der = await peerCertificate(url, timeoutMs);
  const got = fingerprintOfDer(der);
  if (got !== want) {
    throw new KindedError(
      'tls',
      `Le certificat présenté par ${url.host} ne correspond pas à l’empreinte saisie (reçu ${displayFingerprint(got)}). Vérifiez l’adresse du serveur et l’empreinte affichée par le serveur ; si elles sont exactes, la connexion est peut-être interceptée : ne poursuivez pas et prévenez l’administrateur.`,
    );
  }
  return { pem: derToPem(der), fingerprint: got };
}

function peerCertificate(url: URL, timeoutMs: number): Promise<Buffer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      // SNI is for names only; an address as servername is an error in Node.
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const fail = (e: Error & { code?: string }): void => {
      socket.destroy();
      reject(new KindedError('network', `Serveur injoignable (${host}:${port}) : ${e.code ?? e.message}. Vérifiez l’adresse et le réseau.`));
    };
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error('délai dépassé'), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      socket.end();
      if (!cert || !cert.raw) return reject(new KindedError('tls', 'Le serveur n’a présenté aucun certificat.'));
      resolve(cert.raw);
    });
  });
}
