import { API_PATHS } from '@shared/http/api';
import { DirectoryResponseSchema, type Directory, type ServiceEntry } from '@shared/workflow/directory';
import type { PlanContext } from '@shared/workflow/plan';
import { KV_KEYS, type LocalDb } from '../db';
import type { ServerClient } from '../server-client';

/** The orientation directory kept on this workstation (empty before the first sync). */
export function localDirectory(db: LocalDb): Directory {
  return db.kv.get<Directory>(KV_KEYS.directory) ?? { version: 0, services: [] };
}

/**
 * What planning checks orientations against on this workstation: the local directory, or nothing before
 * the first sync brought one (the server then checks alone).
 */
export function planContext(db: LocalDb): PlanContext {
  const directory = localDirectory(db);
  if (directory.version === 0) return {};
  const byId = new Map(directory.services.map((s) => [s.id, s]));
  return { service: (id: string): ServiceEntry | null => byId.get(id) ?? null };
}

/** Fetches the directory when the server's is newer than the one held here; returns whether it changed. */
export async function pullDirectory(deps: { db: LocalDb; client: ServerClient; token: () => Promise<string> }): Promise<boolean> {
  const held = localDirectory(deps.db);
  const res = await deps.client.get(`${API_PATHS.directory}?since=${held.version}`, DirectoryResponseSchema, { token: await deps.token() });
  if (res.services === null) return false;
  deps.db.kv.set(KV_KEYS.directory, { version: res.version, services: res.services } satisfies Directory);
  return true;
}
