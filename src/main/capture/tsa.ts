import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

// RFC 3161 time-stamping: a TimeStampReq over SHA-256 of the data, POSTed to the configured TSA; the token
// (a CMS SignedData over a TSTInfo) is kept as is, with the TSA certificates it carries, and checked on
// verification: CMS signature, message imprint equal to the data's digest, and the time it states.

const SHA256_OID = '2.16.840.1.101.3.4.2.1';

export type Stamp = { token: string; certPem: string; time: string };
export type Timestamper = (data: Uint8Array) => Promise<Stamp>;

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function pem(cert: pkijs.Certificate): string {
  const b64 = Buffer.from(cert.toSchema().toBER()).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

function readToken(der: ArrayBuffer): { signed: pkijs.SignedData; info: pkijs.TSTInfo; content: ArrayBuffer } {
  const info = pkijs.ContentInfo.fromBER(der);
  const signed = new pkijs.SignedData({ schema: info.content });
  const e = signed.encapContentInfo.eContent;
  if (!e) throw new Error('jeton d’horodatage sans contenu');
  // getValue() joins the parts of a constructed OCTET STRING (as some TSAs encode the TSTInfo).
  const content = e.getValue();
  return { signed, info: pkijs.TSTInfo.fromBER(content), content };
}

/**
 * A random 63-bit nonce as DER INTEGER content octets. DER wants a positive integer in its shortest form:
 * raw random bytes would, now and then, start with 0x00 or 0xFF before a byte that makes it redundant —
 * a non-minimal encoding that OpenSSL-based authorities reject as a malformed request (about 1 in 256),
 * or with the high bit set, a negative nonce. Clearing the sign bit and setting the next one avoids both.
 */
export function nonceOctets(random: Uint8Array = crypto.randomBytes(8)): Buffer {
  const out = Buffer.from(random.subarray(0, 8));
  out[0] = (out[0]! & 0x7f) | 0x40;
  return out;
}

export function tsaTimestamper(url: string, timeoutMs = 15_000): Timestamper {
  return async (data) => {
    const digest = crypto.createHash('sha256').update(data).digest();
    const nonce = nonceOctets();
    const req = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
        hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
      }),
      nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
      certReq: true,
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(req.toSchema().toBER()),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`horodatage : l’autorité a répondu ${res.status}`);
    const resp = pkijs.TimeStampResp.fromBER(await res.arrayBuffer());
    if (resp.status.status > 1 || !resp.timeStampToken) throw new Error(`horodatage refusé (${statusText(resp.status)})`);
    const token = Buffer.from(resp.timeStampToken.toSchema().toBER());
    // RFC 3161 §2.4.2: the reply must carry the request's nonce, or it may be a replayed token.
    const echoed = readToken(ab(token)).info.nonce;
    if (!echoed || !Buffer.from(echoed.valueBlock.valueHexView).equals(nonce)) throw new Error('horodatage : la réponse ne reprend pas le nonce de la demande');
    const check = await verifyTimestamp(token.toString('base64'), data);
    if (!check.ok) throw new Error(`horodatage : ${check.error}`);
    return { token: token.toString('base64'), certPem: check.certPem, time: check.time };
  };
}

function statusText(status: pkijs.PKIStatusInfo): string {
  const words = (status.statusStrings ?? []).map((s) => s.valueBlock.value).join(' ; ');
  return words ? `statut ${status.status} : ${words}` : `statut ${status.status}`;
}

export type StampCheck = { ok: true; time: string; certPem: string } | { ok: false; error: string };

export async function verifyTimestamp(tokenB64: string, data: Uint8Array): Promise<StampCheck> {
  try {
    const { signed, info } = readToken(ab(Buffer.from(tokenB64, 'base64')));
    const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
    const digest = crypto.createHash('sha256').update(data).digest();
    if (info.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID || !imprint.equals(digest)) {
      return { ok: false, error: 'le jeton ne porte pas sur cette signature' };
    }
    // For a TSTInfo, pkijs takes `data` as the time-stamped data and checks the imprint against it too.
    const valid = await signed.verify({ signer: 0, data: ab(data), checkChain: false });
    if (!valid) return { ok: false, error: 'signature de l’autorité d’horodatage invalide' };
    const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    return { ok: true, time: info.genTime.toISOString(), certPem: certs.map(pem).join('') };
  } catch (e) {
    return { ok: false, error: `jeton illisible (${e instanceof Error ? e.message : String(e)})` };
  }
}
