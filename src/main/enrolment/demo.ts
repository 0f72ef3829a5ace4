import { z } from 'zod';
import { RoleSchema } from '@shared/domain/roles';
import type { WorkstationSettings } from '@shared/api/contract';

const DemoSchema = z.object({
  serverUrl: z.string().url(),
  fingerprint: z.string().min(64),
  enrolmentCode: z.string().min(6),
  accounts: z.array(z.object({ username: z.string(), password: z.string(), role: RoleSchema })),
});

/**
 * The embedded demo server's details, passed by the launcher in PHAROS_DEMO (JSON) to the workstation
 * process, Electron or browser mode, so that enrolment and login can be pre-filled. Anything unreadable
 * is ignored with a warning: the workstation then starts like a production one.
 */
export function demoSettingsFromEnv(value: string | undefined): WorkstationSettings['demo'] {
  if (!value) return null;
  try {
    return DemoSchema.parse(JSON.parse(value));
  } catch {
    console.warn('PHAROS_DEMO illisible : démarrage sans serveur de démonstration');
    return null;
  }
}
