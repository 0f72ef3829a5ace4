import { z } from 'zod';
import { RoleSchema } from '../domain/roles';

/**
 * What a started central server announces on stdout, for launchers (npm start, browser mode, tests):
 * one line `PHAROS_SERVER_READY {json}` parsed with ServerReadySchema.
 */
export const SERVER_READY_PREFIX = 'PHAROS_SERVER_READY ';

export const DemoAccountSchema = z.object({ username: z.string(), password: z.string(), role: RoleSchema });

/** Demo-only credentials and entry points, printed by `pharos-server --demo`. */
export const DemoInfoSchema = z.object({
  enrolmentCode: z.string(),
  accounts: z.array(DemoAccountSchema),
  apiKey: z.string(),
  demoWebUrl: z.string(),
});
export type DemoInfo = z.infer<typeof DemoInfoSchema>;

export const ServerReadySchema = z.object({
  url: z.string(),
  fingerprint: z.string(),
  database: z.enum(['pglite', 'postgres']),
  demo: DemoInfoSchema.nullable(),
});
export type ServerReady = z.infer<typeof ServerReadySchema>;

/** Finds and parses the ready line in a chunk of server output; null when it is not there (yet). */
export function parseServerReady(output: string): ServerReady | null {
  const line = output.split('\n').find((l) => l.startsWith(SERVER_READY_PREFIX));
  if (!line) return null;
  try {
    const parsed = ServerReadySchema.safeParse(JSON.parse(line.slice(SERVER_READY_PREFIX.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
