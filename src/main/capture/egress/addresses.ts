import net from 'node:net';

// The address policy of a capture: which addresses a hostile page may reach. IPv4 special-purpose blocks
// (IANA registry) are refused; an IPv6 address is refused outside global unicast (2000::/3) and inside its
// special blocks, and every IPv6 form that carries an IPv4 address (mapped, translated, NAT64, 6to4,
// Teredo, ISATAP) is judged by the IPv4 address it leads to: [::ffff:127.0.0.1] is the workstation itself.

export type AddressVerdict = { ok: true } | { ok: false; why: string };

type Rule4 = [string, number, string];
const V4: Rule4[] = [
  ['0.0.0.0', 8, '« ce réseau » (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'réseau privé (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'NAT d’opérateur (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'boucle locale (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'lien local (169.254.0.0/16, métadonnées de nuage)'],
  ['172.16.0.0', 12, 'réseau privé (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'affectations de protocole IETF (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'documentation (192.0.2.0/24)'],
  ['192.88.99.0', 24, 'relais 6to4 (192.88.99.0/24)'],
  ['192.168.0.0', 16, 'réseau privé (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'tests de performance (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'documentation (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'documentation (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'multidiffusion (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'réservé et diffusion (240.0.0.0/4)'],
];

/** IPv4 text → 32-bit number; only the canonical dotted quad (a resolver or the URL parser gives it). */
function v4ToInt(a: string): number | null {
  if (net.isIPv4(a) === false) return null;
  return a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToV4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function inV4(n: number, base: string, bits: number): boolean {
  const b = v4ToInt(base) ?? 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((n & mask) >>> 0) === ((b & mask) >>> 0);
}

function checkV4Int(n: number): AddressVerdict {
  for (const [base, bits, why] of V4) if (inV4(n, base, bits)) return { ok: false, why };
  return { ok: true };
}

/** IPv6 text (any valid spelling, a dotted IPv4 tail included) → 128-bit number. */
export function v6ToBigInt(a: string): bigint | null {
  if (!net.isIPv6(a)) return null;
  let text = a.split('%')[0] ?? a;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const n = v4ToInt(tail[1]);
    if (n === null) return null;
    text = `${text.slice(0, -tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return null;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function prefix(text: string): bigint {
  return v6ToBigInt(text) ?? 0n;
}

function inV6(n: bigint, base: string, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return n >> shift === prefix(base) >> shift;
}

const low32 = (n: bigint): number => Number(n & 0xffffffffn);

type Rule6 = [string, number, (n: bigint) => AddressVerdict];
const refuse = (why: string) => (): AddressVerdict => ({ ok: false, why });
/** Judged by the IPv4 address it carries: the verdict names the form and the address. */
const carries = (form: string, pick: (n: bigint) => number[]) => (n: bigint): AddressVerdict => {
  for (const v4 of pick(n)) {
    const inner = checkV4Int(v4);
    if (!inner.ok) return { ok: false, why: `${form} vers ${intToV4(v4)} : ${inner.why}` };
  }
  return { ok: true };
};

// First match wins: the IPv4-carrying forms come before the blocks that contain them.
const V6: Rule6[] = [
  ['::', 128, refuse('adresse non spécifiée (::)')],
  ['::1', 128, refuse('boucle locale (::1)')],
  ['::ffff:0:0', 96, carries('IPv4 mappée (::ffff:0:0/96)', (n) => [low32(n)])],
  ['::ffff:0:0:0', 96, carries('IPv4 traduite (::ffff:0:0:0/96)', (n) => [low32(n)])],
  ['::', 96, refuse('IPv4 compatible, obsolète (::/96)')],
  ['64:ff9b::', 96, carries('NAT64 (64:ff9b::/96)', (n) => [low32(n)])],
  ['64:ff9b:1::', 48, refuse('NAT64 à usage local (64:ff9b:1::/48) : traducteur du réseau local')],
  ['100::', 64, refuse('préfixe de rejet (100::/64)')],
  ['2001::', 32, carries('Teredo (2001::/32)', (n) => [Number((n >> 64n) & 0xffffffffn), ~low32(n) >>> 0])],
  ['2001:2::', 48, refuse('tests de performance (2001:2::/48)')],
  ['2001:db8::', 32, refuse('documentation (2001:db8::/32)')],
  ['2001::', 23, refuse('affectations de protocole IETF (2001::/23)')],
  ['2002::', 16, carries('6to4 (2002::/16)', (n) => [Number((n >> 80n) & 0xffffffffn)])],
  ['3fff::', 20, refuse('documentation (3fff::/20)')],
  ['2000::', 3, () => ({ ok: true })],
  ['fc00::', 7, refuse('adresse locale unique (fc00::/7)')],
  ['fe80::', 10, refuse('lien local (fe80::/10)')],
  ['fec0::', 10, refuse('site local, obsolète (fec0::/10)')],
  ['ff00::', 8, refuse('multidiffusion (ff00::/8)')],
  ['::', 0, refuse('hors de l’espace unicast global (2000::/3)')],
];

/** ISATAP interface identifiers (…:0:5efe:a.b.c.d, …:200:5efe:a.b.c.d) carry an IPv4 address in any prefix. */
function isatap(n: bigint): AddressVerdict {
  const iid = (n >> 32n) & 0xffffffffn;
  if ((iid & 0xfdffffffn) !== 0x5efen) return { ok: true };
  return carries('ISATAP', (x) => [low32(x)])(n);
}

/** The verdict on one address (v4 or v6, brackets and zone allowed); anything that is not an address is refused. */
export function judgeAddress(raw: string): AddressVerdict {
  const a = (raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw).toLowerCase();
  const v4 = v4ToInt(a);
  if (v4 !== null) return checkV4Int(v4);
  const v6 = v6ToBigInt(a);
  if (v6 === null) return { ok: false, why: `« ${raw} » n’est pas une adresse IP` };
  for (const [base, bits, judge] of V6) {
    if (!inV6(v6, base, bits)) continue;
    const verdict = judge(v6);
    return verdict.ok ? isatap(v6) : verdict;
  }
  return { ok: false, why: 'adresse non classée' };
}
