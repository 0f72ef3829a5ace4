import net from 'node:net';
import type { CaptureLog } from '../log';
import type { Resolver } from '../safety';

// One resolution per host name for the whole capture, shared by the request guard and the proxy: the
// address checked is the address connected to, and a name that answers differently later (DNS rebinding)
// is never asked again. Every answer goes to the capture's DNS log once.

export type Resolution = { ok: true; addresses: string[] } | { ok: false; detail: string };

/** The host as the URL parser writes it (lower case, IPv4 in dotted form, IPv6 without brackets), or null. */
export function canonicalHost(raw: string): string | null {
  const bare = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (bare === '' || /[\s/?#@\\]/.test(bare)) return null;
  try {
    const host = new URL(`http://${net.isIPv6(bare) ? `[${bare}]` : bare}/`).hostname;
    return host.startsWith('[') ? host.slice(1, -1) : host;
  } catch {
    return null;
  }
}

export class PinnedResolver {
  private readonly answers = new Map<string, Promise<Resolution>>();

  constructor(
    private readonly resolve: Resolver,
    private readonly log: CaptureLog,
  ) {}

  /** The addresses of `host` (an IP literal is its own answer); the first answer is kept for the capture. */
  lookup(host: string): Promise<Resolution> {
    if (net.isIP(host)) return Promise.resolve({ ok: true, addresses: [host] });
    let answer = this.answers.get(host);
    if (!answer) {
      answer = this.ask(host);
      this.answers.set(host, answer);
    }
    return answer;
  }

  /** The same answers as a plain Resolver (the request guard's), failing as a resolver fails. */
  asResolver(): Resolver {
    return async (host) => {
      const r = await this.lookup(host);
      if (!r.ok) throw new Error(r.detail);
      return r.addresses;
    };
  }

  private async ask(host: string): Promise<Resolution> {
    try {
      const addresses = await this.resolve(host);
      this.log.dnsAnswer(host, addresses);
      return { ok: true, addresses };
    } catch (e) {
      return { ok: false, detail: e instanceof Error ? e.message : String(e) };
    }
  }
}
