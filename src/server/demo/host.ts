import { isIPv4, isIPv6 } from 'node:net';
import { KindedError } from '@shared';

/** True for names and addresses that only this machine reaches (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (!isIPv6(h)) return false;
  if (h === '::1' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(h)) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && (mapped[1] as string).startsWith('127.');
}

/**
 * The demo's accounts and passwords are printed and documented: a demo server reachable from the
 * network is open to anyone. It listens only on loopback unless the operator says otherwise.
 */
export function assertDemoHost(host: string, demoPublic: boolean): void {
  if (demoPublic || isLoopbackHost(host)) return;
  throw new KindedError(
    'validation',
    `le mode démo refuse d’écouter sur ${host === '' ? 'toutes les interfaces' : host} : ses comptes et mots de passe sont publics. Utilisez --host 127.0.0.1 (par défaut), ou ajoutez --demo-public pour l’exposer quand même en connaissance de cause.`,
  );
}
