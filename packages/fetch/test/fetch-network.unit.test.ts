import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '@ingest/testing';
import { PermanentError } from '@ingest/errors';
import { fetchPage, type FetchOptions } from '../src/index.ts';
import { html, redirect, startServer, type TestServer } from '@ingest/testing/http-server';

const UA = 'IngestBot/1.0';

/** A dns.lookup-style function answering from a table (and counting calls). */
function fakeDns(table: Record<string, string | string[]>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const fn = ((hostname: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, addrs: { address: string; family: number }[]) => void) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      process.nextTick(() => cb(err, []));
      return;
    }
    const next = Array.isArray(entry) ? (entry.length > 1 ? entry.shift()! : entry[0]!) : entry;
    process.nextTick(() => cb(null, [{ address: next, family: next.includes(':') ? 6 : 4 }]));
  }) as unknown as LookupFunction & { calls: string[] };
  fn.calls = calls;
  return fn;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/ok': html('<p>ok</p>'),
    '/r1': redirect('/r2?utm_source=feed', 301),
    '/r2': redirect('r3#frag', 302),
    '/r3': redirect('/final', 308),
    '/final': html('<p>final</p>'),
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a?utm_medium=x'),
    '/chain/*': (req, res) => {
      const n = Number(req.url?.split('/').pop());
      res.writeHead(302, { location: `/chain/${n + 1}` }).end();
    },
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/to-odd-loopback': (req, res) => res.writeHead(302, { location: `http://0x7f.1:${req.socket.localPort}/ok` }).end(),
    '/to-private-name': (req, res) => res.writeHead(302, { location: `http://intranet.test:${req.socket.localPort}/ok` }).end(),
    '/to-ftp': redirect('ftp://example.com/file'),
    '/no-location': (_q, r) => r.writeHead(302).end(),
  });
});
afterAll(() => server.close());

describe('network guard', () => {
  it('refuses loopback when it is not allowed, without connecting', async () => {
    const before = server.connections;
    const err = await failure(fetchPage(`${server.url}/ok`, { userAgent: UA, allowNetworks: [] }));
    expect(err.code).toBe('BLOCKED_NETWORK');
    expect(err.message).toMatch(/loopback/);
    expect(server.connections).toBe(before);
  });

  it.each(['127.1', '0x7f.1', '2130706433', '0177.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])('refuses odd literal %s and allows it when 127/8 is allowed', async (host) => {
    const before = server.connections;
    const url = `http://${host}:${server.port}/ok`;
    expect((await failure(fetchPage(url, { userAgent: UA, allowNetworks: [] }))).code).toBe('BLOCKED_NETWORK');
    expect(server.connections).toBe(before);
    if (!host.startsWith('[')) {
      const res = await fetchPage(url, { userAgent: UA, allowNetworks: ['127.0.0.0/8'] });
      expect(res.status).toBe(200);
    }
  });

  it('checks the resolved address of host names at connect time', async () => {
    const dns = fakeDns({ 'site.test': '127.0.0.1' });
    const before = server.connections;
    const blocked = await failure(fetchPage(`http://site.test:${server.port}/ok`, { userAgent: UA, allowNetworks: [], lookup: dns }));
    expect(blocked.code).toBe('BLOCKED_NETWORK');
    expect(blocked.message).toContain('site.test resolves to 127.0.0.1');
    expect(server.connections).toBe(before);
    const ok = await fetchPage(`http://site.test:${server.port}/ok`, { userAgent: UA, allowNetworks: ['127.0.0.0/8'], lookup: dns });
    expect(ok.body.toString()).toBe('<p>ok</p>');
    expect(ok.remoteAddress).toBe('127.0.0.1');
  });

  it('is safe against DNS rebinding: each connection checks its own answer', async () => {
    // Two loopback servers on the same port; only 127.0.0.2 is allowed. The name first resolves to
    // the allowed address, then rebinds to 127.0.0.1, which must be refused before connecting.
    const allowed = await startServer({ '/ok': html('<p>allowed</p>') }, { host: '127.0.0.2' });
    const forbidden = await startServer({ '/ok': html('<p>forbidden</p>') }, { host: '127.0.0.1', port: allowed.port });
    try {
      const dns = fakeDns({ 'rebind.test': ['127.0.0.2', '127.0.0.1'] });
      const opts: FetchOptions = { userAgent: UA, allowNetworks: ['127.0.0.2/32'], lookup: dns };
      const first = await fetchPage(`http://rebind.test:${allowed.port}/ok`, opts);
      expect(first.body.toString()).toBe('<p>allowed</p>');
      expect(first.remoteAddress).toBe('127.0.0.2');
      const second = await failure(fetchPage(`http://rebind.test:${allowed.port}/ok`, opts));
      expect(second.code).toBe('BLOCKED_NETWORK');
      expect(second.details).toMatchObject({ address: '127.0.0.1', reason: 'loopback' });
      expect(forbidden.connections).toBe(0);
      expect(dns.calls).toEqual(['rebind.test', 'rebind.test']);
    } finally {
      await allowed.close();
      await forbidden.close();
    }
  });

  it('maps DNS failures', async () => {
    const err = await failure(fetchPage('http://missing.test/', { userAgent: UA, allowNetworks: [], lookup: fakeDns({}) }));
    expect(err.code).toBe('DNS_FAILURE');
    expect(err.permanent).toBe(false);
  });

  it('a lookup that never answers hits the connect timeout', async () => {
    const hang = (() => undefined) as unknown as LookupFunction;
    const t0 = Date.now();
    const err = await failure(fetchPage('http://hang.test/', { userAgent: UA, allowNetworks: [], lookup: hang, connectTimeoutMs: 200 }));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('IPv6 loopback literal is refused unless ::1 is allowed', async () => {
    const v6 = await startServer({ '/ok': html('<p>v6</p>') }, { host: '::1' }).catch(() => null);
    if (!v6) return; // no IPv6 loopback in this environment
    try {
      const url = `http://[::1]:${v6.port}/ok`;
      expect((await failure(fetchPage(url, { userAgent: UA, allowNetworks: ['127.0.0.0/8'] }))).code).toBe('BLOCKED_NETWORK');
      expect(v6.connections).toBe(0);
      const res = await fetchPage(url, { userAgent: UA, allowNetworks: ['::1/128'] });
      expect(res.body.toString()).toBe('<p>v6</p>');
      expect(res.remoteAddress).toBe('::1');
    } finally {
      await v6.close();
    }
  });

  it('maps connection refused', async () => {
    const tmp = await startServer({});
    const port = tmp.port;
    await tmp.close();
    const err = await failure(fetchPage(`http://127.0.0.1:${port}/`, { userAgent: UA, allowNetworks: ['127.0.0.0/8'] }));
    expect(err.code).toBe('CONNECT_FAILED');
    expect(err.permanent).toBe(false);
  });
});

describe('redirects', () => {
  const opts: FetchOptions = { userAgent: UA, allowNetworks: ['127.0.0.0/8'] };

  it('follows a chain, normalising each hop', async () => {
    const res = await fetchPage(`${server.url}/r1`, opts);
    expect(res.finalUrl).toBe(`${server.url}/final`);
    expect(res.body.toString()).toBe('<p>final</p>');
    expect(res.redirects).toEqual([
      { url: `${server.url}/r1`, status: 301 },
      { url: `${server.url}/r2`, status: 302 },
      { url: `${server.url}/r3`, status: 308 },
    ]);
  });

  it('detects loops (after normalisation)', async () => {
    const err = await failure(fetchPage(`${server.url}/loop-a`, opts));
    expect(err.code).toBe('REDIRECT_LOOP');
    expect(err.permanent).toBe(true);
  });

  it('limits the number of redirects', async () => {
    expect((await failure(fetchPage(`${server.url}/chain/0`, { ...opts, maxRedirects: 3 }))).code).toBe('TOO_MANY_REDIRECTS');
    expect((await failure(fetchPage(`${server.url}/chain/0`, opts))).code).toBe('TOO_MANY_REDIRECTS');
    const requests = server.requests.filter((r) => r.startsWith('GET /chain/')).length;
    expect(requests).toBe(4 + 11);
  });

  it('guards every hop: metadata, odd loopback literals and names resolving to private addresses', async () => {
    expect((await failure(fetchPage(`${server.url}/to-metadata`, opts))).code).toBe('BLOCKED_NETWORK');
    const onlyOne = { userAgent: UA, allowNetworks: ['127.0.0.1/32'] };
    expect((await fetchPage(`${server.url}/to-odd-loopback`, onlyOne)).finalUrl).toBe(`${server.url}/ok`);
    const dns = fakeDns({ 'intranet.test': '10.1.2.3' });
    const err = await failure(fetchPage(`${server.url}/to-private-name`, { ...opts, lookup: dns }));
    expect(err.code).toBe('BLOCKED_NETWORK');
    expect(err.details).toMatchObject({ reason: 'private' });
  });

  it('checks the scheme of every hop', async () => {
    const err = await failure(fetchPage(`${server.url}/to-ftp`, opts));
    expect(err.code).toBe('UNSUPPORTED_SCHEME');
    expect(err.message).toContain('Redirect from');
  });

  it('3xx without Location is an error', async () => {
    expect((await failure(fetchPage(`${server.url}/no-location`, opts))).code).toBe('HTTP_CLIENT_ERROR');
  });

  it('checks robots for every hop', async () => {
    const checked: string[] = [];
    const checkRobots = async (url: string) => {
      checked.push(url);
      if (url.endsWith('/r3')) throw new PermanentError('ROBOTS_DISALLOWED', `robots.txt disallows ${url}`);
    };
    const err = await failure(fetchPage(`${server.url}/r1`, { ...opts, checkRobots }));
    expect(err.code).toBe('ROBOTS_DISALLOWED');
    expect(checked).toEqual([`${server.url}/r1`, `${server.url}/r2`, `${server.url}/r3`]);
  });
});
