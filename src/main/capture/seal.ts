import { sha256Hex, signText, type SigningKey } from './signing';
import type { Timestamper } from './tsa';

// The seal of a signed data package (WACZ signing spec, "anonymous" form): `datapackage-digest.json`
// holds the SHA-256 of `datapackage.json` signed with the device key, optionally an RFC 3161 token over
// that signature, and a second signature over the whole digest document. Captures (WACZ) and
// transmission packages are sealed, and checked, the same way.

export type SealInput = {
  datapackage: Buffer;
  key: SigningKey;
  software: string;
  version: string;
  created: string;
  timestamper: Timestamper | null;
};

export type Seal = { digest: Buffer; hash: string; timestamp: string | null };

export const jsonFile = (v: unknown): Buffer => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');

export async function sealDatapackage(input: SealInput): Promise<Seal> {
  const hash = `sha256:${sha256Hex(input.datapackage)}`;
  const signature = signText(input.key, hash);
  const stamp = input.timestamper ? await input.timestamper(Buffer.from(signature, 'base64')) : null;
  const base = {
    path: 'datapackage.json',
    hash,
    signedData: {
      hash,
      created: input.created,
      software: input.software,
      version: input.version,
      signature,
      publicKey: input.key.publicKeyDer.toString('base64'),
      ...(stamp ? { timeSignature: stamp.token, timestampCert: stamp.certPem, timestampTime: stamp.time } : {}),
    },
  };
  // The spec's signature covers only the hash; a second one (an extension field that other readers ignore)
  // seals the whole document, so that a changed date, software name or certificate is noticed too.
  const digest = jsonFile({ ...base, signedData: { ...base.signedData, documentSignature: signText(input.key, JSON.stringify(base)) } });
  return { digest, hash, timestamp: stamp?.time ?? null };
}
