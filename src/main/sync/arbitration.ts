import { API_PATHS } from '@shared/http/api';
import { KindedError } from '@shared/result';
import { CompetingListSchema, ResolvedCompetingSchema, type CompetingDecision, type ResolveCompeting, type ResolvedCompeting } from '@shared/sync/competing';
import type { ServerClient } from '../server-client';

export type ArbitrationDeps = {
  client(): ServerClient | null;
  token(): Promise<string>;
  /** A new token after a 401; rejects when the officer must log in again. */
  renewToken(): Promise<string>;
};

export type Arbitration = {
  list(): Promise<CompetingDecision[]>;
  resolve(id: string, body: ResolveCompeting): Promise<ResolvedCompeting>;
};

/**
 * Competing decisions reach the supervisor's workstation through calls to the server while online, not
 * through the sync: an arbitration is decided on the server's current state of the report (adopting a
 * decision is planned there, and may be refused), so recording it offline would only create one more
 * change that can compete; and only supervisors need these records, which would otherwise weigh on
 * every pull. The arbitration itself then reaches every workstation through the sync, as a report event.
 */
export function createArbitration(deps: ArbitrationDeps): Arbitration {
  const call = async <T>(request: (client: ServerClient, token: string) => Promise<T>): Promise<T> => {
    const client = deps.client();
    if (!client) throw new KindedError('unauthorized', 'Ce poste n’est pas enrôlé : enrôlez-le auprès du serveur d’abord.');
    try {
      return await request(client, await deps.token());
    } catch (e) {
      if (!(e instanceof KindedError && e.kind === 'unauthorized')) throw e;
      return request(client, await deps.renewToken());
    }
  };
  return {
    list: async () => (await call((c, token) => c.get(API_PATHS.competing, CompetingListSchema, { token }))).decisions,
    resolve: (id, body) => call((c, token) => c.post(`${API_PATHS.competing}/${encodeURIComponent(id)}/resolve`, body, ResolvedCompetingSchema, { token })),
  };
}
