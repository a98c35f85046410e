import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { IngestError } from '@ingest/errors';
import { assertUrlHostAllowed, guardedLookup, resolverFromLookup, type Resolver } from '../src/index.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof IngestError ? err.code : String(err);
  }
  return undefined;
}

describe('assertUrlHostAllowed (literal IPs in URLs)', () => {
  // Every one of these is 127.0.0.1 after WHATWG parsing, which is what the HTTP client connects to.
  it.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://0x7f.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f000001/',
    'http://127.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
  ])('%s is blocked without an allow list and allowed with loopback allowed', (url) => {
    expect(codeOf(() => assertUrlHostAllowed(url, []))).toBe('BLOCKED_NETWORK');
    expect(codeOf(() => assertUrlHostAllowed(url, '127.0.0.0/8,::1/128'))).toBeUndefined();
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/', 'http://2852039166/', 'http://[fd00:ec2::254]/', 'http://10.0.0.1/', 'http://0/', 'http://[fe80::1]/'])(
    '%s is blocked',
    (url) => {
      expect(codeOf(() => assertUrlHostAllowed(url, '127.0.0.0/8'))).toBe('BLOCKED_NETWORK');
    },
  );

  it('returns the literal address and ignores host names', () => {
    expect(assertUrlHostAllowed('http://8.8.8.8/')).toBe('8.8.8.8');
    expect(assertUrlHostAllowed('http://example.com/')).toBeNull();
  });

  it('says why in the error', () => {
    try {
      assertUrlHostAllowed('http://169.254.169.254/');
      expect.unreachable();
    } catch (err) {
      expect((err as IngestError).message).toMatch(/metadata/);
      expect((err as IngestError).details).toMatchObject({ reason: 'metadata', address: '169.254.169.254' });
    }
  });
});

function lookupAsync(fn: ReturnType<typeof guardedLookup>, host: string, all: boolean): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve, reject) => {
    fn(host, { all }, (err, address, family) => (err ? reject(err) : resolve({ address, family })));
  });
}

describe('guardedLookup', () => {
  it('passes allowed answers in both all and single forms', async () => {
    const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const lookup = guardedLookup('127.0.0.0/8', resolver);
    expect(await lookupAsync(lookup, 'site.test', true)).toEqual({ address: [{ address: '127.0.0.1', family: 4 }], family: undefined });
    expect(await lookupAsync(lookup, 'site.test', false)).toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('blocks when any answer is disallowed', async () => {
    const resolver: Resolver = async () => [
      { address: '8.8.8.8', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(lookupAsync(guardedLookup([], resolver), 'mixed.test', true)).rejects.toMatchObject({ code: 'BLOCKED_NETWORK' });
  });

  it('checks IP literals without resolving them', async () => {
    let calls = 0;
    const resolver: Resolver = async () => {
      calls++;
      return [];
    };
    await expect(lookupAsync(guardedLookup([], resolver), '127.0.0.1', false)).rejects.toMatchObject({ code: 'BLOCKED_NETWORK' });
    await expect(lookupAsync(guardedLookup([], resolver), '::ffff:7f00:1', false)).rejects.toMatchObject({ code: 'BLOCKED_NETWORK' });
    expect(calls).toBe(0);
  });

  it('maps resolver failures to DNS_FAILURE', async () => {
    const resolver: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nope.test'), { code: 'ENOTFOUND' });
    };
    await expect(lookupAsync(guardedLookup([], resolver), 'nope.test', true)).rejects.toMatchObject({ code: 'DNS_FAILURE', permanent: false });
    await expect(
      lookupAsync(
        guardedLookup([], async () => []),
        'empty.test',
        true,
      ),
    ).rejects.toMatchObject({ code: 'DNS_FAILURE' });
  });

  it('checks each resolution separately (DNS rebinding)', async () => {
    // First answer is a TEST-NET-3 address the test allow-lists; nothing connects anywhere here.
    // The second answer rebinds to loopback, which is not allowed, and must be refused.
    const answers = ['203.0.113.1', '127.0.0.1'];
    const resolver: Resolver = async () => [{ address: answers.shift()!, family: 4 }];
    const lookup = guardedLookup('203.0.113.0/24', resolver);
    expect((await lookupAsync(lookup, 'rebind.test', false)).address).toBe('203.0.113.1');
    await expect(lookupAsync(lookup, 'rebind.test', false)).rejects.toMatchObject({ code: 'BLOCKED_NETWORK', details: { address: '127.0.0.1', reason: 'loopback' } });
  });

  it('adapts dns.lookup-style functions', async () => {
    const single = resolverFromLookup((_h: string, _o: unknown, cb: (e: null, a: string, f: number) => void) => cb(null, '127.0.0.2', 4));
    expect(await single('x', 0)).toEqual([{ address: '127.0.0.2', family: 4 }]);
    const lookup = guardedLookup('127.0.0.0/8', single);
    expect((await lookupAsync(lookup, 'x.test', false)).address).toBe('127.0.0.2');
  });
});
