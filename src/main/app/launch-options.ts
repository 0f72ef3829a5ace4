import path from 'node:path';
import type { WorkstationSettings } from '@shared/api/contract';
import { demoSettingsFromEnv } from '../enrolment';

export type LaunchOptions = { dataDir: string; demo: WorkstationSettings['demo'] };

/**
 * The launcher (bin/pharos-start.mjs) passes the data folder and, for the embedded demo server, its
 * address, certificate fingerprint, enrolment code and accounts through the environment.
 */
export function readLaunchOptions(env: NodeJS.ProcessEnv, userData: string): LaunchOptions {
  const dataDir = env.PHAROS_DATA_DIR ? path.resolve(env.PHAROS_DATA_DIR) : path.join(userData, 'workstation');
  return { dataDir, demo: demoSettingsFromEnv(env.PHAROS_DEMO) };
}
