import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { IngestError, RetryableError } from '@ingest/errors';
import { blockedError, isAllowed, toCidrs, type AllowList } from './guard.ts';
import { classifyAddress } from './classify.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has; `family` 0 means any. */
export type Resolver = (hostname: string, family: 0 | 4 | 6) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname, family) => {
  const res = await dns.promises.lookup(hostname, { all: true, family, order: 'verbatim' });
  return res.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Adapts a dns.lookup-style function (as tests and callers tend to write them) to a Resolver. It is
 * always called with `all: true`, but a single-address answer is accepted too.
 */
export function resolverFromLookup(lookup: LookupFunction): Resolver {
  return (hostname, family) =>
    new Promise((resolve, reject) => {
      lookup(hostname, { all: true, family }, (err, address, fam) => {
        if (err) return reject(err);
        if (typeof address === 'string') return resolve([{ address, family: fam === 6 || isIP(address) === 6 ? 6 : 4 }]);
        resolve(address.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
      });
    });
}

const DNS_ERROR_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'EAI_FAIL', 'EAI_NONAME', 'ESERVFAIL', 'ETIMEOUT', 'ECONNREFUSED']);

function dnsError(err: unknown, hostname: string): Error {
  if (err instanceof IngestError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && DNS_ERROR_CODES.has(code)) {
    return new RetryableError('DNS_FAILURE', `DNS lookup of ${hostname} failed (${code})`, { cause: err, details: { host: hostname, code } });
  }
  return err instanceof Error ? err : new Error(String(err));
}

function familyOf(options: unknown): 0 | 4 | 6 {
  if (typeof options === 'number') return options === 4 || options === 6 ? options : 0;
  const f = (options as dns.LookupOptions | undefined)?.family;
  if (f === 4 || f === 'IPv4') return 4;
  if (f === 6 || f === 'IPv6') return 6;
  return 0;
}

/**
 * A dns.lookup-compatible function for `net.connect({ lookup })`. Because the socket connects to
 * exactly the address this function hands back, checking here (and not in a separate pre-flight
 * resolution) closes the DNS-rebinding window. Every resolved address is checked, not just the one
 * picked: with happy-eyeballs the socket may try any of them.
 */
export function guardedLookup(allow: AllowList, resolver: Resolver = systemResolver): LookupFunction {
  const cidrs = toCidrs(allow);
  const lookup = (hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void): void => {
    const family = familyOf(options);
    const all = typeof options === 'object' && options !== null && options.all === true;
    const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    const literal = isIP(bare);
    const pending: Promise<ResolvedAddress[]> = literal !== 0 ? Promise.resolve([{ address: bare, family: literal === 6 ? 6 : 4 }]) : resolver(hostname, family);
    pending
      .then((addresses) => {
        const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
        const first = usable[0];
        if (!first) {
          throw new RetryableError('DNS_FAILURE', `DNS lookup of ${hostname} returned no ${family === 0 ? '' : `IPv${family} `}addresses`, { details: { host: hostname } });
        }
        for (const a of usable) {
          if (!isAllowed(a.address, cidrs)) throw blockedError(a.address, hostname, classifyAddress(a.address));
        }
        return usable;
      })
      .then(
        // nextTick keeps an exception thrown by the callback out of this promise chain.
        (usable) => process.nextTick(() => (all ? callback(null, usable) : callback(null, usable[0]!.address, usable[0]!.family))),
        (err: unknown) => process.nextTick(() => callback(dnsError(err, hostname), all ? [] : '')),
      );
  };
  return lookup;
}
