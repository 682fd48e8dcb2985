// Which network addresses the credential loader may connect to.
//
// Why a library and not string patterns: an IPv6 address can carry an IPv4 address in many
// spellings (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `::127.0.0.1`, `::7f00:1`, `::ffff:0:7f00:1`,
// `64:ff9b::7f00:1`, `2002:7f00:1::`...). A pattern that knows one spelling lets the others through
// (issue 12: `http://[::ffff:7f00:1]/` reached loopback). ipaddr.js parses every textual form into
// numbers; the IPv4 address inside each IPv6 embedding is then classified as an IPv4 address.
//
// The policy is an allow-list: only global unicast is `public`. Every special range ipaddr.js knows
// (documentation, benchmarking, AMT, AS112, ORCHID, discard, ...) and anything unparseable is
// `reserved`, so a range added to a future ipaddr.js release is refused, not allowed.
import ipaddr from 'ipaddr.js';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

export type AddressPolicy = { allowLoopback: boolean; allowPrivate: boolean };

/** Worse classes win when an address embeds another (a 6to4 address to a private IPv4 is private). */
const SEVERITY: Record<AddressClass, number> = { public: 0, loopback: 1, private: 2, 'link-local': 3, reserved: 4 };

function worst(a: AddressClass, b: AddressClass): AddressClass {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

function classifyV4(address: ipaddr.IPv4): AddressClass {
  switch (address.range()) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'carrierGradeNat':
      return 'private';
    case 'linkLocal': // 169.254.0.0/16, including the 169.254.169.254 cloud metadata service
      return 'link-local';
    default: // unspecified (0.0.0.0/8 connects to this host on Linux), broadcast, multicast, reserved...
      return 'reserved';
  }
}

function v4From(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * The IPv4 addresses an IPv6 address hands traffic to, or null when it embeds none:
 * - IPv4-mapped `::ffff:0:0/96` (the socket connects to the IPv4 address itself);
 * - SIIT `::ffff:0:0:0/96` (RFC 6145) and IPv4-compatible `::/96` (RFC 4291, deprecated, but
 *   some stacks still route it as IPv4);
 * - NAT64 well-known prefix `64:ff9b::/96` (RFC 6052): a NAT64 gateway connects to the IPv4 address;
 * - 6to4 `2002::/16` (RFC 3056): the relay sends to the IPv4 address in bits 16-47;
 * - Teredo `2001::/32` (RFC 4380): the server in bits 32-63 and the client, bit-inverted, in 96-127.
 */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const p = address.parts as [number, number, number, number, number, number, number, number];
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return [v4From(p[6], p[7])];
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0 && !(p[6] === 0 && p[7] <= 1)) return [v4From(p[6], p[7])];
  if (range === 'rfc6052' && p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0) return [v4From(p[6], p[7])];
  if (range === '6to4') return [v4From(p[1], p[2])];
  if (range === 'teredo') return [v4From(p[2], p[3]), v4From(~p[6] & 0xffff, ~p[7] & 0xffff)];
  return null;
}

function classifyV6(address: ipaddr.IPv6): AddressClass {
  const embedded = embeddedV4(address);
  if (embedded) return embedded.map(classifyV4).reduce(worst);
  // As a string: the bundled type lists fewer ranges than the library returns (deprecatedSiteLocal...).
  switch (address.range() as string) {
    case 'loopback':
      return 'loopback';
    case 'uniqueLocal': // fc00::/7, including fd00:ec2::254 (AWS metadata over IPv6)
    case 'rfc6052': // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): leads into the operator's network
      return 'private';
    case 'linkLocal':
    case 'deprecatedSiteLocal': // fec0::/10 still reaches the local site where it is configured
      return 'link-local';
    case 'unicast':
      // Only 2000::/3 is allocated as global unicast; the rest of "unicast" is unassigned space.
      return (address.parts[0]! & 0xe000) === 0x2000 ? 'public' : 'reserved';
    default:
      return 'reserved';
  }
}

/** Strip URL brackets and an IPv6 zone id (`fe80::1%eth0`): the zone does not change the class. */
function bare(ip: string): string {
  const unbracketed = ip.trim().replace(/^\[(.*)\]$/, '$1');
  const zone = unbracketed.indexOf('%');
  return zone >= 0 ? unbracketed.slice(0, zone) : unbracketed;
}

/** Classify an IP address in any textual form (IPv4, IPv6, every IPv4-in-IPv6 spelling). Not an IP: reserved. */
export function classifyAddress(ip: string): AddressClass {
  const text = bare(ip);
  // isValid is strict about shape for IPv6 but accepts IPv4 shorthands (0x7f.1, 2130706433): all
  // of them are how some resolver or socket API would read the text too, so classifying the number
  // they denote is the safe reading.
  if (!ipaddr.isValid(text)) return 'reserved';
  const address = ipaddr.parse(text);
  return address.kind() === 'ipv4' ? classifyV4(address as ipaddr.IPv4) : classifyV6(address as ipaddr.IPv6);
}

/** Whether a string is an IP literal in any form ipaddr.js reads (used to skip DNS for literals). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(bare(host));
}

const DESCRIPTIONS: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local or cloud metadata address',
  reserved: 'a reserved or non-public address',
};

/** Null when the policy allows connecting to `ip`; otherwise one sentence saying why not. */
export function addressRefusal(ip: string, policy: AddressPolicy): string | null {
  const cls = classifyAddress(ip);
  if (cls === 'public') return null;
  if (cls === 'loopback' && policy.allowLoopback) return null;
  if (cls === 'private' && policy.allowPrivate) return null;
  return `${ip} is ${DESCRIPTIONS[cls]}; credential lookups may only reach public internet addresses`;
}
