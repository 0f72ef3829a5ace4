import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonceOctets, tsaTimestamper, verifyTimestamp } from '../../../src/main/capture/tsa';
import { startTsa, type Tsa } from '../../fixtures/capture/tsa';

// The RFC 3161 client against a real authority (`openssl ts -reply`). The nonce once went out as raw
// random bytes, which DER forbids about one time in 256; an OpenSSL authority then refuses the request.

describe('RFC 3161 nonce', () => {
  it('is a positive integer in its shortest DER form, whatever the random bytes', () => {
    for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      for (const second of [0x00, 0x7f, 0x80, 0xff]) {
        const n = nonceOctets(Uint8Array.from([first, second, 1, 2, 3, 4, 5, 6]));
        expect(n.length).toBe(8);
        expect(n[0]! & 0x80, 'sign bit').toBe(0);
        expect(n[0], 'no redundant leading zero').toBeGreaterThan(0);
        expect(n.subarray(1)).toEqual(Buffer.from([second, 1, 2, 3, 4, 5, 6]));
      }
    }
  });

  it('differs from one request to the next', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => nonceOctets().toString('hex')));
    expect(seen.size).toBe(1000);
  });
});

describe('RFC 3161 client against a real authority', () => {
  let tsa: Tsa;
  beforeAll(async () => { tsa = await startTsa(); });
  afterAll(async () => { await tsa.close(); });

  it('gets a verifiable token for every request of a long series (raw nonces failed one in 256)', async () => {
    const stamp = tsaTimestamper(tsa.url);
    const rounds = 200;
    for (let i = 0; i < rounds; i++) {
      const data = Buffer.from(`digest ${i}`);
      const s = await stamp(data);
      expect((await verifyTimestamp(s.token, data)).ok).toBe(true);
    }
    expect(tsa.requests).toBe(rounds);
  }, 120_000);

  it('refuses a token over other data', async () => {
    const s = await tsaTimestamper(tsa.url)(Buffer.from('a'));
    const check = await verifyTimestamp(s.token, Buffer.from('b'));
    expect(check.ok).toBe(false);
  });
});
