import type { CdpSession } from './cdp';
import type { Exchange } from './recorder';

// TLS facts per HTTPS origin, read while the page is still open (the certificate cache is per session).

export type TlsFacts = { origin: string; details: Record<string, unknown>; pemChain: string[]; firstKey: string };

function pem(b64der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${b64der.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

export async function collectTls(page: CdpSession, exchanges: Exchange[]): Promise<TlsFacts[]> {
  const out = new Map<string, TlsFacts>();
  for (const ex of exchanges) {
    if (!ex.security || !ex.url.startsWith('https:')) continue;
    const origin = new URL(ex.url).origin;
    if (out.has(origin)) continue;
    const s = ex.security;
    const details: Record<string, unknown> = {
      protocol: s.protocol,
      keyExchange: s.keyExchange,
      keyExchangeGroup: s.keyExchangeGroup ?? null,
      cipher: s.cipher,
      mac: s.mac ?? null,
      subjectName: s.subjectName,
      sanList: s.sanList,
      issuer: s.issuer,
      validFrom: new Date(s.validFrom * 1000).toISOString(),
      validTo: new Date(s.validTo * 1000).toISOString(),
      certificateTransparencyCompliance: s.certificateTransparencyCompliance,
      remoteIp: ex.remoteIp,
    };
    const chain = await page.send('Network.getCertificate', { origin }).catch(() => ({ tableNames: [] as string[] }));
    out.set(origin, { origin, details, pemChain: chain.tableNames.map(pem), firstKey: ex.key });
  }
  return [...out.values()];
}
