import type net from 'node:net';
import type { BlockReason, EgressConnection } from '@shared/evidence/provenance';
import type { CaptureLog } from '../log';
import type { AllowList } from '../safety';
import { decide } from './decide';
import type { Dialer, EgressTarget } from './dialer';
import type { ConnectionBook } from './records';
import type { PinnedResolver } from './resolve';

// What the HTTP and CONNECT handlers of the proxy share: the policy, the log, the book of connections and
// the upstream sockets still open (destroyed when the capture ends).

export type ProxyContext = {
  allow: AllowList;
  resolver: PinnedResolver;
  dialer: Dialer;
  log: CaptureLog;
  book: ConnectionBook;
  upstreams: Map<net.Socket, EgressConnection>;
};

/** Refuse, in the book and in the capture's block log (which the provenance and the PV list). */
export function refuse(ctx: ProxyContext, c: EgressConnection, what: string, reason: BlockReason, detail: string): void {
  ctx.book.refuse(c, reason, detail);
  ctx.log.block(what, reason, `proxy de sortie : ${detail}`);
}

/**
 * Check the target, then connect to one of the checked addresses (in the resolver's order, the next one if
 * a connection fails). Null when refused or unreachable; the book says which and why.
 */
export async function checkedDial(ctx: ProxyContext, c: EgressConnection, target: EgressTarget, what: string): Promise<net.Socket | null> {
  const d = await decide(target.host, target.port, ctx.allow, ctx.resolver);
  c.resolved = d.resolved;
  if (!d.ok) {
    refuse(ctx, c, what, d.reason, d.detail);
    return null;
  }
  const errors: string[] = [];
  for (const address of d.addresses) {
    try {
      const socket = await ctx.dialer.open(target, address);
      socket.on('error', () => undefined);
      ctx.upstreams.set(socket, c);
      socket.once('close', () => ctx.upstreams.delete(socket));
      ctx.book.attach(c, socket, address);
      return socket;
    } catch (e) {
      errors.push(`${address} : ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  c.error = errors.join(' ; ');
  c.endedAt = new Date().toISOString();
  return null;
}
