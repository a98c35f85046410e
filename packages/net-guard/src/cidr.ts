import { parseIp, prefixEquals, unmapV4, type IpBytes } from './ip.ts';

export interface Cidr {
  readonly source: string;
  readonly bytes: IpBytes;
  readonly prefix: number;
}

/** "10.0.0.0/8" or a bare address (treated as /32 or /128). Throws TypeError on bad input. */
export function parseCidr(text: string): Cidr {
  const source = text.trim();
  const slash = source.indexOf('/');
  const addr = slash === -1 ? source : source.slice(0, slash);
  const bytes = parseIp(addr);
  if (!bytes) throw new TypeError(`Invalid network ${JSON.stringify(text)}: "${addr}" is not an IP address`);
  const max = bytes.length * 8;
  const prefixText = slash === -1 ? String(max) : source.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    throw new TypeError(`Invalid network ${JSON.stringify(text)}: prefix length must be 0-${max}`);
  }
  return { source, bytes, prefix: Number(prefixText) };
}

/** Parses a FETCH_ALLOW_NETWORKS-style list: comma or whitespace separated, empty entries ignored. */
export function parseCidrList(input: string | readonly string[]): Cidr[] {
  const items = typeof input === 'string' ? input.split(/[\s,]+/) : input.flatMap((s) => s.split(/[\s,]+/));
  return items.filter((s) => s !== '').map(parseCidr);
}

export function cidrContains(cidr: Cidr, ip: IpBytes): boolean {
  if (cidr.bytes.length === ip.length) return prefixEquals(cidr.bytes, ip, cidr.prefix);
  // "127.0.0.0/8" should also cover "::ffff:127.0.0.1", which is how dual-stack sockets report it.
  const v4 = unmapV4(ip);
  if (v4 && cidr.bytes.length === 4) return prefixEquals(cidr.bytes, v4, cidr.prefix);
  return false;
}
