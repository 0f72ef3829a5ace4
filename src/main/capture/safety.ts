import dns from 'node:dns/promises';
import net from 'node:net';
import { judgeAddress } from './egress/addresses';

// The page is hostile: it must not reach the workstation itself or the officer's internal network.
// Every request is checked here before it leaves the browser (scheme, host, resolved addresses); the egress
// proxy checks every connection again at the socket, which is the authority (egress/). The address policy
// itself is egress/addresses.ts.

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for loopback, link-local, private, multicast, reserved and IPv4-carrying forms of those (v4 and v6). */
export function isForbiddenAddress(address: string): boolean {
  return !judgeAddress(stripBrackets(address)).ok; // not an address: refused rather than guessed
}

export type AllowList = { has(host: string, port: number): boolean; entries: string[] };

/** `host:port` entries (`[::1]:8080` for IPv6) that the page may reach even on a forbidden address. */
export function parseAllowList(entries: string[]): AllowList {
  const set = new Set<string>();
  for (const raw of entries) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(raw.trim());
    if (!m?.[1] || !m[2]) throw new Error(`--allow-host : « ${raw} » n’est pas de la forme hôte:port`);
    set.add(`${stripBrackets(m[1]).toLowerCase()}:${Number(m[2])}`);
  }
  return { has: (host, port) => set.has(`${stripBrackets(host).toLowerCase()}:${port}`), entries: [...set] };
}

export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export type Verdict =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: 'scheme' | 'forbidden-address' | 'dns-failure'; detail: string; addresses: string[] };

const INTERNAL = new Set(['chrome-extension:', 'chrome:']);

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Decide whether a request may leave the browser; resolves the host to check every address. */
export async function checkRequest(rawUrl: string, allow: AllowList, resolve: Resolver): Promise<Verdict> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'scheme', detail: 'adresse illisible', addresses: [] };
  }
  // The browser's own pages (the built-in PDF viewer) never touch the network.
  if (INTERNAL.has(url.protocol)) return { ok: true, addresses: [] };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'scheme', detail: `schéma ${url.protocol} interdit`, addresses: [] };
  }
  const host = stripBrackets(url.hostname);
  if (allow.has(host, effectivePort(url))) return { ok: true, addresses: [] };
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : await resolve(host);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: 'dns-failure', detail, addresses: [] };
  }
  const port = effectivePort(url);
  const bad = addresses.filter((a) => !allow.has(a, port) && isForbiddenAddress(a));
  if (addresses.length === 0 || bad.length > 0) {
    const why = bad.map((a) => {
      const v = judgeAddress(stripBrackets(a));
      return v.ok ? a : `${a} (${v.why})`;
    });
    return { ok: false, reason: 'forbidden-address', detail: `adresse interdite : ${why.join(', ')}`, addresses };
  }
  return { ok: true, addresses };
}

/** Check the address the browser actually connected to, once the response arrives. */
export function checkConnected(rawUrl: string, remoteIp: string, remotePort: number, allow: AllowList): boolean {
  const url = new URL(rawUrl);
  if (allow.has(url.hostname, effectivePort(url)) || allow.has(remoteIp, remotePort)) return true;
  return !isForbiddenAddress(remoteIp);
}
