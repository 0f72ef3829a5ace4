import type { BlockReason } from '@shared/evidence/provenance';
import type { AllowList } from '../safety';
import { judgeAddress } from './addresses';
import type { PinnedResolver } from './resolve';

// Whether the capture may open a connection to host:port, and to which addresses. Every address the name
// resolves to is judged: one forbidden address refuses the name, since the browser could be sent to any.

export type Decision =
  | { ok: true; resolved: string[]; addresses: string[] }
  | { ok: false; resolved: string[]; reason: BlockReason; detail: string };

export async function decide(host: string, port: number, allow: AllowList, resolver: PinnedResolver): Promise<Decision> {
  const answer = await resolver.lookup(host);
  if (!answer.ok) return { ok: false, resolved: [], reason: 'dns-failure', detail: `résolution de ${host} impossible : ${answer.detail}` };
  const resolved = answer.addresses;
  if (resolved.length === 0) return { ok: false, resolved, reason: 'dns-failure', detail: `${host} n’a aucune adresse` };
  // --allow-host names the host (or one address) with its port: the test servers and lab targets.
  const allowedName = allow.has(host, port);
  const refused = resolved
    .filter((a) => !allowedName && !allow.has(a, port))
    .map((a) => ({ a, verdict: judgeAddress(a) }))
    .filter((x) => !x.verdict.ok);
  if (refused.length > 0) {
    const detail = refused.map(({ a, verdict }) => `${a} (${verdict.ok ? '' : verdict.why})`).join(', ');
    return { ok: false, resolved, reason: 'forbidden-address', detail: `adresse interdite : ${detail}` };
  }
  return { ok: true, resolved, addresses: resolved };
}
