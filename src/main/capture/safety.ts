import dns from 'node:dns/promises';
import net from 'node:net';

// The page is hostile: it must not reach the workstation itself or the officer's internal network.
// Every request is checked here before it leaves the browser (scheme, host, resolved addresses), and the
// address the browser really connected to is checked again on the response (DNS rebinding).

const FORBIDDEN = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  FORBIDDEN.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN.addSubnet(net6, bits, 'ipv6');
}

/** The IPv4 address carried inside an IPv4-mapped or IPv4-compatible IPv6 address, if any. */
function embeddedV4(address: string): string | null {
  const m = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m?.[1]) return m[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for loopback, link-local, private, multicast and reserved addresses (v4 and v6). */
export function isForbiddenAddress(address: string): boolean {
  const a = stripBrackets(address).toLowerCase().split('%')[0] ?? '';
  const v4 = embeddedV4(a);
  if (v4) return FORBIDDEN.check(v4, 'ipv4');
  const family = net.isIP(a);
  if (family === 4) return FORBIDDEN.check(a, 'ipv4');
  if (family === 6) return FORBIDDEN.check(a, 'ipv6');
  return true; // not an address: refuse rather than guess
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
  const bad = addresses.filter(isForbiddenAddress);
  if (addresses.length === 0 || bad.length > 0) {
    return { ok: false, reason: 'forbidden-address', detail: `adresse interdite : ${bad.join(', ')}`, addresses };
  }
  return { ok: true, addresses };
}

/** Check the address the browser actually connected to, once the response arrives. */
export function checkConnected(rawUrl: string, remoteIp: string, remotePort: number, allow: AllowList): boolean {
  const url = new URL(rawUrl);
  if (allow.has(url.hostname, effectivePort(url)) || allow.has(remoteIp, remotePort)) return true;
  return !isForbiddenAddress(remoteIp);
}
