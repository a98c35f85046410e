import { isIP } from 'node:net';
import { PermanentError } from '@ingest/errors';
import { classifyAddress, type AddressClass } from './classify.ts';
import { cidrContains, parseCidrList, type Cidr } from './cidr.ts';
import { parseIp } from './ip.ts';

export type AllowList = string | readonly string[] | readonly Cidr[];

/** Accepts an allow list in any of its forms (parsing strings once). */
export function toCidrs(allow: AllowList): readonly Cidr[] {
  if (typeof allow === 'string') return parseCidrList(allow);
  if (allow.length > 0 && typeof allow[0] !== 'string') return allow as readonly Cidr[];
  return parseCidrList(allow as readonly string[]);
}

/** Public addresses are always allowed; special ones only when an allow-list entry covers them. */
export function isAllowed(ip: string, allow: AllowList = []): boolean {
  const bytes = parseIp(ip);
  if (!bytes) return false;
  if (classifyAddress(bytes) === 'public') return true;
  return toCidrs(allow).some((c) => cidrContains(c, bytes));
}

export function blockedError(ip: string, host: string | undefined, reason: AddressClass): PermanentError {
  const bareHost = host?.replace(/^\[|\]$/g, '');
  const isName = bareHost !== undefined && isIP(bareHost) === 0;
  const what = reason === 'invalid' ? 'not a valid address' : `${/^[aeiou]/.test(reason) ? 'an' : 'a'} ${reason} address`;
  const where = isName ? `${host} resolves to ${ip}, which is` : `address ${ip} is`;
  return new PermanentError('BLOCKED_NETWORK', `Refusing to connect: ${where} ${what}; allow it with FETCH_ALLOW_NETWORKS if this is intended`, {
    details: { host, address: ip, reason },
  });
}

/** Throws BLOCKED_NETWORK unless `ip` is allowed. */
export function assertAddressAllowed(ip: string, allow: AllowList = [], host?: string): void {
  if (!isAllowed(ip, allow)) throw blockedError(ip, host, classifyAddress(ip));
}

/**
 * Checks a URL whose host is an IP literal. The host is taken from WHATWG parsing, so "127.1",
 * "0x7f.1", "2130706433" and "0177.0.0.1" are all checked as 127.0.0.1 — the address the HTTP client
 * will actually connect to. Host names are left to the connect-time lookup. Returns the literal
 * address, or null when the host is a name.
 */
export function assertUrlHostAllowed(url: string | URL, allow: AllowList = []): string | null {
  const u = typeof url === 'string' ? new URL(url) : url;
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (isIP(host) === 0) return null;
  assertAddressAllowed(host, allow, u.hostname);
  return host;
}
