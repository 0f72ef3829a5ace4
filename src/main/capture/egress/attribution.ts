import crypto from 'node:crypto';
import type { EgressConnection } from '@shared/evidence/provenance';
import type { Exchange } from '../recorder';
import { effectivePort } from '../safety';
import type { TlsFacts } from '../tls';
import { canonicalHost } from './resolve';

// Behind the proxy the browser reports the proxy (127.0.0.1:port) as every response's remote address. The
// address the site was really reached at is in the proxy's book: each exchange takes it from the connection
// to its host and port (the nearest in time when there were several; with one pinned answer per host they
// all share the address anyway).
//
// TLS: the proxy only relays the encrypted bytes of a tunnel, and in TLS 1.3 the certificates travel
// encrypted, so a passive proxy cannot read them (and it must not intercept TLS: that would change what the
// site served). The chain is the one the browser validated (Network.getCertificate for the origin); it is tied
// here to the proxy's tunnels to that origin, whose connected IP is the address the chain was received from.

const key = (host: string, port: number) => `${host} ${port}`;

function byTarget(connections: EgressConnection[]): Map<string, EgressConnection[]> {
  const map = new Map<string, EgressConnection[]>();
  for (const c of connections) {
    if (!c.connected) continue;
    const list = map.get(key(c.host, c.port)) ?? [];
    list.push(c);
    map.set(key(c.host, c.port), list);
  }
  return map;
}

function nearest(list: EgressConnection[], at: string, kind: EgressConnection['kind']): EgressConnection | null {
  const t = Date.parse(at);
  const ofKind = list.filter((c) => c.kind === kind);
  const pool = ofKind.length > 0 ? ofKind : list;
  let best: EgressConnection | null = null;
  for (const c of pool) {
    if (!best || Math.abs(Date.parse(c.startedAt) - t) < Math.abs(Date.parse(best.startedAt) - t)) best = c;
  }
  return best;
}

function targetOf(url: string): { host: string; port: number; kind: EgressConnection['kind'] } | null {
  try {
    const u = new URL(url);
    const host = canonicalHost(u.hostname);
    return host ? { host, port: effectivePort(u), kind: u.protocol === 'https:' ? 'tunnel' : 'http' } : null;
  } catch {
    return null;
  }
}

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

/**
 * Replaces the proxy's address on each exchange that came through it with the connected address of its
 * connection, and ties each origin's certificate chain to that origin's tunnels.
 */
export function attributeConnections(exchanges: Exchange[], tls: TlsFacts[], connections: EgressConnection[], proxy: { host: string; port: number }): void {
  const map = byTarget(connections);
  const viaProxy = (ex: Exchange) => ex.remoteIp === proxy.host && ex.remotePort === proxy.port;
  for (const ex of exchanges) {
    if (ex.remoteIp === null || !viaProxy(ex)) continue;
    const t = targetOf(ex.url);
    const c = t ? nearest(map.get(key(t.host, t.port)) ?? [], ex.startedAt, t.kind) : null;
    ex.remoteIp = c?.connected ?? null;
    ex.remotePort = c ? c.port : null;
    ex.connectionId = c?.id ?? null;
  }
  for (const facts of tls) {
    const first = exchanges.find((e) => e.key === facts.firstKey);
    facts.details.remoteIp = first?.remoteIp ?? null;
    facts.details.egressConnection = first?.connectionId ?? null;
    const t = targetOf(facts.origin);
    const chainSha256 = facts.pemChain.map((p) => crypto.createHash('sha256').update(der(p)).digest('hex'));
    for (const c of t ? (map.get(key(t.host, t.port)) ?? []) : []) {
      if (c.kind === 'tunnel') c.tls = { origin: facts.origin, chainSha256, source: 'browser' };
    }
  }
}
