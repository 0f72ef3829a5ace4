import type { BlockReason, BlockedRequest, DnsAnswer, PageEvent } from '@shared/evidence/provenance';

/** What the capture refused, dismissed or observed, in order, for the provenance record. */
export class CaptureLog {
  readonly blocked: BlockedRequest[] = [];
  readonly dns: DnsAnswer[] = [];
  readonly events: PageEvent[] = [];
  private readonly dnsSeen = new Set<string>();

  block(url: string, reason: BlockReason, detail: string): void {
    this.blocked.push({ url, reason, detail, at: new Date().toISOString() });
  }

  event(kind: PageEvent['kind'], detail: string): void {
    this.events.push({ kind, detail, at: new Date().toISOString() });
  }

  dnsAnswer(host: string, addresses: string[]): void {
    const key = `${host} ${addresses.join(',')}`;
    if (this.dnsSeen.has(key)) return;
    this.dnsSeen.add(key);
    this.dns.push({ host, addresses, at: new Date().toISOString() });
  }
}
