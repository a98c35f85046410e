import { parseIp, prefixEquals, type IpBytes } from './ip.ts';

/** Why an address is not a normal public unicast address. */
export type BlockReason = 'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'broadcast' | 'unspecified' | 'metadata' | 'documentation' | 'benchmark' | 'reserved' | 'invalid';

export type AddressClass = 'public' | BlockReason;

interface Range {
  net: IpBytes;
  prefix: number;
  reason: BlockReason;
}

function r(cidr: string, reason: BlockReason): Range {
  const [addr = '', prefix = ''] = cidr.split('/');
  const net = parseIp(addr);
  if (!net) throw new Error(`bad built-in range ${cidr}`);
  return { net, prefix: Number(prefix), reason };
}

// Order matters: the first match wins, so specific entries (metadata) precede their enclosing ranges.
const V4_RANGES: Range[] = [
  r('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack
  r('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  r('0.0.0.0/8', 'unspecified'),
  r('10.0.0.0/8', 'private'),
  r('100.64.0.0/10', 'cgnat'),
  r('127.0.0.0/8', 'loopback'),
  r('169.254.0.0/16', 'link-local'),
  r('172.16.0.0/12', 'private'),
  r('192.0.0.0/24', 'reserved'),
  r('192.0.2.0/24', 'documentation'),
  r('192.88.99.0/24', 'reserved'), // deprecated 6to4 relay anycast
  r('192.168.0.0/16', 'private'),
  r('198.18.0.0/15', 'benchmark'),
  r('198.51.100.0/24', 'documentation'),
  r('203.0.113.0/24', 'documentation'),
  r('224.0.0.0/4', 'multicast'),
  r('255.255.255.255/32', 'broadcast'),
  r('240.0.0.0/4', 'reserved'),
];

const V6_RANGES: Range[] = [
  r('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  r('::/128', 'unspecified'),
  r('::1/128', 'loopback'),
  r('100::/64', 'reserved'), // discard-only
  r('64:ff9b:1::/48', 'private'), // local-use NAT64
  r('2001::/32', 'reserved'), // Teredo: tunnels to an obfuscated IPv4 we do not want to reason about
  r('2001:2::/48', 'benchmark'),
  r('2001:10::/28', 'reserved'), // ORCHID
  r('2001:20::/28', 'reserved'), // ORCHIDv2
  r('2001:db8::/32', 'documentation'),
  r('3fff::/20', 'documentation'),
  r('5f00::/16', 'reserved'), // SRv6 SIDs
  r('fc00::/7', 'private'),
  r('fe80::/10', 'link-local'),
  r('fec0::/10', 'private'), // deprecated site-local
  r('ff00::/8', 'multicast'),
];

function match(bytes: IpBytes, ranges: Range[]): BlockReason | null {
  for (const range of ranges) if (prefixEquals(bytes, range.net, range.prefix)) return range.reason;
  return null;
}

function classifyV4(bytes: IpBytes): AddressClass {
  return match(bytes, V4_RANGES) ?? 'public';
}

function allZero(bytes: IpBytes, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

function classifyV6(b: IpBytes): AddressClass {
  const direct = match(b, V6_RANGES);
  if (direct) return direct;
  // IPv4-mapped ::ffff:0:0/96 — the kernel connects to the embedded IPv4 address.
  if (allZero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return classifyV4(b.slice(12));
  // IPv4-compatible ::/96 (deprecated): never legitimate for a web server, even with a public address.
  if (allZero(b, 0, 12)) {
    const inner = classifyV4(b.slice(12));
    return inner === 'public' ? 'reserved' : inner;
  }
  // NAT64 64:ff9b::/96 reaches the embedded IPv4 address through the local translator.
  if (prefixEquals(b, NAT64, 96)) return classifyV4(b.slice(12));
  // 6to4 2002::/16 embeds an IPv4 address in bits 16-47.
  if (b[0] === 0x20 && b[1] === 0x02) return classifyV4(b.slice(2, 6));
  // Only 2000::/3 is allocated as global unicast; everything else is reserved.
  if (((b[0] ?? 0) & 0xe0) !== 0x20) return 'reserved';
  return 'public';
}

const NAT64 = parseIp('64:ff9b::') as IpBytes;

/** 'public' for ordinary internet unicast addresses, otherwise the reason the address is special. */
export function classifyAddress(ip: string | IpBytes): AddressClass {
  const bytes = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!bytes) return 'invalid';
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}
