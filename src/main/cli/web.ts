import type { WorkstationSettings } from '@shared/api/contract';
import { createWorkstation, startWebHost, type DemoWebAccess, type WebHost, type Workstation } from '../api';

export type WebModeOptions = {
  dataDir: string;
  staticDir: string;
  demo?: WorkstationSettings['demo'];
  port?: number;
  /** Chromium used for captures (default: $PHAROS_CHROMIUM, else /usr/bin/chromium). */
  chromiumPath?: string;
  /** Demo mode: the demo server's demo web, capturable (its origin and certificate key only). */
  demoWeb?: DemoWebAccess;
  /** Where the URL is printed (default: stdout). */
  log?: (line: string) => void;
};

export type WebMode = { url: string; workstation: Workstation; host: WebHost; close(): Promise<void> };

/** Browser mode: the workstation services and the local web host; prints the one-time URL. */
export async function runWebMode(opts: WebModeOptions): Promise<WebMode> {
  const chromiumPath = opts.chromiumPath ?? (process.env.PHAROS_CHROMIUM || undefined);
  const workstation = await createWorkstation({ dataDir: opts.dataDir, demo: opts.demo ?? null, capture: { chromiumPath, demoWeb: opts.demoWeb } });
  let host: WebHost;
  try {
    host = await startWebHost({ workstation, staticDir: opts.staticDir, port: opts.port });
  } catch (e) {
    await workstation.close();
    throw e;
  }
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  log(`PHAROS Workstation (mode navigateur) : ouvrez ${host.url}`);
  log('Ce lien ne sert qu’une fois ; il ne donne accès qu’à ce poste (127.0.0.1).');
  return {
    url: host.url,
    workstation,
    host,
    close: async () => {
      await host.close();
      await workstation.close();
    },
  };
}
