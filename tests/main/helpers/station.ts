import type { Result } from '@shared/result';
import { createWorkstation, type Workstation, type WorkstationOptions } from '../../../src/main/api';
import type { RunningServer } from '../../../src/server/app';
import { TEST_KDF } from './temp';

/** A workstation driven through its API router, as the renderer would. */
export type Station = { ws: Workstation; call<T>(method: string, input?: unknown): Promise<T>; attempt(method: string, input?: unknown): Promise<Result<unknown>> };

/**
 * A workstation on a fresh data folder, with its vault created, enrolled with the server, logged in as
 * `user` and synced once. Background sync is left hourly: tests sync when they mean to.
 */
export async function openStation(
  server: RunningServer,
  user: { username: string; password: string },
  options: Omit<WorkstationOptions, 'kdf' | 'syncIntervalMs'>,
): Promise<Station> {
  const ws = await createWorkstation({ kdf: TEST_KDF, syncIntervalMs: 3_600_000, ...options });
  const attempt = (method: string, input: unknown = {}) => ws.router(method, input, { transport: 'test' });
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r = await attempt(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.kind}: ${r.error.message}`);
    return r.value as T;
  };
  await call('vault.create', { passphrase: 'phrase secrète de test' });
  await call('enrolment.enrol', { serverUrl: server.url, fingerprint: server.fingerprint, code: await server.admin.createEnrolmentCode(), deviceName: `Poste ${user.username}` });
  await call('auth.login', user);
  await call('sync.now');
  return { ws, call, attempt };
}
