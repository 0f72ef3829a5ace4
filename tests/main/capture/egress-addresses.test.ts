import { describe, expect, it } from 'vitest';
import { judgeAddress } from '../../../src/main/capture/egress';
import { isForbiddenAddress } from '../../../src/main/capture';

// The address policy of the egress proxy over every form: IPv4 special blocks, IPv6 special blocks, and each
// IPv6 form that carries an IPv4 address, judged by the address it leads to.
const refused: [string, RegExp][] = [
  ['127.0.0.1', /boucle locale/],
  ['127.0.0.2', /boucle locale/],
  ['0.0.0.0', /ce réseau/],
  ['10.2.3.4', /privé/],
  ['172.20.0.1', /privé/],
  ['192.168.1.1', /privé/],
  ['169.254.169.254', /lien local/],
  ['100.64.0.1', /NAT d’opérateur/],
  ['192.0.0.8', /IETF/],
  ['192.0.2.1', /documentation/],
  ['198.51.100.7', /documentation/],
  ['203.0.113.9', /documentation/],
  ['198.18.0.1', /performance/],
  ['192.88.99.1', /6to4/],
  ['224.0.0.1', /multidiffusion/],
  ['239.255.255.250', /multidiffusion/],
  ['240.0.0.1', /réservé/],
  ['255.255.255.255', /réservé/],
  ['::', /non spécifiée/],
  ['::1', /boucle locale/],
  ['[::1]', /boucle locale/],
  ['0:0:0:0:0:0:0:1', /boucle locale/],
  ['::7f00:1', /compatible/],
  ['::127.0.0.1', /compatible/],
  ['::8.8.8.8', /compatible/],
  ['::ffff:127.0.0.1', /mappée .* vers 127\.0\.0\.1/],
  ['::ffff:7f00:1', /mappée .* vers 127\.0\.0\.1/],
  ['::ffff:a00:1', /mappée .* vers 10\.0\.0\.1/],
  ['::ffff:0:7f00:1', /traduite .* vers 127\.0\.0\.1/],
  ['64:ff9b::7f00:1', /NAT64 .* vers 127\.0\.0\.1/],
  ['64:ff9b::127.0.0.1', /NAT64 .* vers 127\.0\.0\.1/],
  ['64:ff9b::a9fe:a9fe', /NAT64 .* vers 169\.254\.169\.254/],
  ['64:ff9b:1::808:808', /NAT64 à usage local/],
  ['2002:7f00:1::1', /6to4 .* vers 127\.0\.0\.1/],
  ['2002:c0a8:101::', /6to4 .* vers 192\.168\.1\.1/],
  ['2001:0:7f00:1::80ff:fffe', /Teredo .* vers 127\.0\.0\.1/], // server 127.0.0.1
  ['2001:0:808:808:0:0:80ff:fffe', /Teredo .* vers 127\.0\.0\.1/], // client ~80ff:fffe = 127.0.0.1
  ['2001:0:808:808::f5ff:fefe', /Teredo .* vers 10\.0\.1\.1/],
  ['2001:2::1', /performance/],
  ['2001:db8::1', /documentation/],
  ['3fff::1', /documentation/],
  ['2001:10::1', /IETF/],
  ['100::1', /rejet/],
  ['fd00::1', /locale unique/],
  ['fc00::1', /locale unique/],
  ['fe80::1', /lien local/],
  ['fe80::1%eth0', /lien local/],
  ['fec0::1', /site local/],
  ['ff02::1', /multidiffusion/],
  ['5f00::1', /unicast global/],
  ['4000::1', /unicast global/],
  ['2606:4700::5efe:7f00:1', /ISATAP.* vers 127\.0\.0\.1/],
  ['2606:4700::200:5efe:a00:1', /ISATAP.* vers 10\.0\.0\.1/],
  ['localhost', /n’est pas une adresse/],
  ['2130706433', /n’est pas une adresse/],
  ['', /n’est pas une adresse/],
];
const allowed = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.32.0.1', '192.0.1.1',
  '2606:2800:220:1:248:1893:25c8:1946', '2a00:1450:4007:80f::200e', '::ffff:8.8.8.8', '64:ff9b::808:808',
  '2002:808:808::1', '2001:0:808:808::f7f7:f7f7', '2001:4860:4860::8888'];

describe('egress address policy', () => {
  it('refuses every special-purpose address and every IPv6 form that leads to one, naming why', () => {
    for (const [a, why] of refused) {
      const v = judgeAddress(a);
      expect(v.ok, a).toBe(false);
      if (!v.ok) expect(v.why, a).toMatch(why);
      expect(isForbiddenAddress(a), a).toBe(true); // the request guard applies the same policy
    }
  });

  it('accepts public addresses, including a public IPv4 behind NAT64, 6to4 or Teredo', () => {
    for (const a of allowed) expect(judgeAddress(a), a).toEqual({ ok: true });
  });
});
