/** HTTPS client of the central server, with the certificate pinned at enrolment. */
export { createServerClient, ServerRefusal, type ServerClient, type ServerClientOptions, type RequestOptions } from './client';
export {
  fetchPinnedCertificate,
  normaliseFingerprint,
  displayFingerprint,
  fingerprintOfPem,
  fingerprintOfDer,
  type PeerCertificate,
} from './fingerprint';
