import path from 'node:path';
import type { DemoWebAccess } from '../api';
import { parseAllowList } from '../capture';
import { demoSettingsFromEnv } from '../enrolment';
import { CAPTURE_HELP, runCapture, runVerify } from './capture';
import { runWebMode } from './web';

const HELP = `pharos — outils en ligne de commande de PHAROS Workstation

Usage :
  pharos web [--data DOSSIER] [--static DOSSIER] [--port N]
      Démarre le poste en mode navigateur (127.0.0.1) et affiche l’adresse à ouvrir.
      --data    dossier des données chiffrées du poste (défaut : ./pharos-data)
      --static  interface construite (défaut : out/renderer)
      --port    port local (défaut : choisi automatiquement)
      (PHAROS_DEMO : coordonnées du serveur de démonstration, posées par npm run start:web)
      --demo-allow-host HÔTE:PORT --demo-cert-spki EMPREINTE
                mode démonstration seulement (posés par npm run start:web) : le web de démonstration
                du serveur de démonstration peut être capturé (cette origine seule, son certificat
                reconnu par l’empreinte SHA-256 de sa clé publique, en base64)
${CAPTURE_HELP}  pharos --help
      Affiche cette aide.
`;

type Flags = Record<string, string>;

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) return `argument inattendu : ${a}`;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) return `valeur manquante pour ${a}`;
    flags[a.slice(2)] = value;
    i++;
  }
  return flags;
}

const SPKI_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** The demo web's origin and certificate key, both or neither; a message when they are not usable. */
export function demoWebOf(flags: Flags): DemoWebAccess | undefined | string {
  const allowHost = flags['demo-allow-host'];
  const certSpkiSha256 = flags['demo-cert-spki'];
  if (allowHost === undefined && certSpkiSha256 === undefined) return undefined;
  if (allowHost === undefined || certSpkiSha256 === undefined) return '--demo-allow-host et --demo-cert-spki vont ensemble';
  try {
    if (parseAllowList([allowHost]).entries.length !== 1) throw new Error('une seule origine attendue');
  } catch (e) {
    return `--demo-allow-host : ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!SPKI_SHA256.test(certSpkiSha256)) return '--demo-cert-spki : empreinte SHA-256 en base64 attendue (44 caractères)';
  return { allowHost, certSpkiSha256 };
}

/** Entry of the `pharos` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  if (command === 'capture') return runCapture(rest);
  if (command === 'verify') return runVerify(rest);
  if (command !== 'web') {
    process.stderr.write(`commande inconnue : ${command}\n\n${HELP}`);
    return 2;
  }
  const flags = parseFlags(rest);
  if (typeof flags === 'string') {
    process.stderr.write(`${flags}\n\n${HELP}`);
    return 2;
  }
  const demoWeb = demoWebOf(flags);
  if (typeof demoWeb === 'string') {
    process.stderr.write(`${demoWeb}\n`);
    return 2;
  }
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('--port : nombre entre 0 et 65535 attendu\n');
    return 2;
  }
  const mode = await runWebMode({
    dataDir: path.resolve(flags.data ?? 'pharos-data'),
    staticDir: path.resolve(flags.static ?? 'out/renderer'),
    port,
    demo: demoSettingsFromEnv(process.env.PHAROS_DEMO),
    demoWeb,
  });
  await untilSignal();
  // Last resort, after a clean close was attempted: a stuck network call (sync, upload) may not keep the
  // officer's terminal or a service manager waiting. The store is crash-safe (WAL, outbox replayed), so
  // exiting then loses nothing that was committed. A second signal exits at once.
  const watchdog = setTimeout(() => exitNow('arrêt forcé : la fermeture a dépassé 4 s'), SHUTDOWN_LIMIT_MS);
  watchdog.unref();
  const again = () => exitNow('arrêt immédiat (second signal)');
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  await mode.close();
  clearTimeout(watchdog);
  process.off('SIGINT', again);
  process.off('SIGTERM', again);
  return 0;
}

const SHUTDOWN_LIMIT_MS = 4_000;

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      process.stderr.write('arrêt demandé : fermeture du poste…\n');
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

function exitNow(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
