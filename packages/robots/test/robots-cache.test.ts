import { Redis } from 'ioredis';
import { testServices } from '@ingest/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError, RateLimitedError } from '@ingest/errors';
import { fetchPage, type FetchOptions } from '@ingest/fetch';
import { RobotsCache } from '../src/index.ts';
import { startServer, type Handler, type TestServer } from '@ingest/testing/http-server';

const fetchOptions = { userAgent: 'IngestBot/1.0', allowNetworks: ['127.0.0.0/8'] };

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return err instanceof IngestError ? err.code : String(err);
  }
  return undefined;
}

const text =
  (body: string): Handler =>
  (_q, r) =>
    r.writeHead(200, { 'content-type': 'text/plain' }).end(body);

async function serverWithRobots(handler: Handler, extra: Record<string, Handler> = {}): Promise<TestServer> {
  return startServer({ '/robots.txt': handler, ...extra });
}

describe('RobotsCache', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  async function site(handler: Handler, extra: Record<string, Handler> = {}) {
    const s = await serverWithRobots(handler, extra);
    servers.push(s);
    return s;
  }

  it('allows and disallows per robots.txt, exposes crawl-delay and sitemaps, fetches once per origin', async () => {
    const s = await site(text('User-agent: *\nDisallow: /private\nCrawl-delay: 3\nSitemap: /sitemap.xml\n'));
    const robots = new RobotsCache({ fetchOptions });
    await robots.check(`${s.url}/public/a`);
    expect(await codeOf(robots.check(`${s.url}/private/b`))).toBe('ROBOTS_DISALLOWED');
    expect(await robots.isAllowed(`${s.url}/private/b`)).toBe(false);
    expect(await robots.crawlDelayMs(`${s.url}/x`)).toBe(3000);
    expect(await robots.sitemaps(`${s.url}/x`)).toEqual([`${s.url}/sitemap.xml`]);
    await Promise.all([robots.check(`${s.url}/1`), robots.check(`${s.url}/2`), robots.check(`${s.url}/3`)]);
    expect(s.requests.filter((r) => r === 'GET /robots.txt')).toHaveLength(1);
  });

  it('4xx means allow all', async () => {
    const s = await site((_q, r) => r.writeHead(404).end());
    const robots = new RobotsCache({ fetchOptions });
    await robots.check(`${s.url}/anything`);
    const forbidden = await site((_q, r) => r.writeHead(403).end());
    await robots.check(`${forbidden.url}/anything`);
    expect(await robots.crawlDelayMs(`${s.url}/`)).toBeNull();
  });

  it('5xx means disallow all for the short TTL, then retries', async () => {
    let status = 503;
    const s = await site((_q, r) => {
      if (status === 200) r.writeHead(200).end('User-agent: *\nDisallow:\n');
      else r.writeHead(status).end();
    });
    let now = 1_000_000;
    const robots = new RobotsCache({ fetchOptions, errorTtlMs: 60_000, now: () => now });
    const err = await robots.check(`${s.url}/a`).catch((e: unknown) => e as IngestError);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('HTTP_SERVER_ERROR');
    expect((err as IngestError).permanent).toBe(false);
    expect((err as IngestError).message).toMatch(/robots.txt .* unavailable/);
    status = 200;
    now += 30_000;
    expect(await codeOf(robots.check(`${s.url}/a`))).toBe('HTTP_SERVER_ERROR');
    now += 31_000;
    await robots.check(`${s.url}/a`);
    expect(s.requests.filter((r) => r === 'GET /robots.txt')).toHaveLength(2);
  });

  it('a rate-limited robots.txt delays the job for the longer of Retry-After and the error TTL', async () => {
    const s = await site((_q, r) => r.writeHead(429, { 'retry-after': '600' }).end());
    const robots = new RobotsCache({ fetchOptions, errorTtlMs: 60_000 });
    const err = await robots.check(`${s.url}/a`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBeGreaterThan(590_000);
  });

  it('unreachable host means disallow all', async () => {
    const tmp = await startServer({});
    const url = tmp.url;
    await tmp.close();
    const robots = new RobotsCache({ fetchOptions });
    expect(await codeOf(robots.check(`${url}/a`))).toBe('CONNECT_FAILED');
    expect(await robots.isAllowed(`${url}/a`)).toBe(false);
  });

  it('follows up to 5 redirects and treats more as allow-all', async () => {
    const s = await site((_q, r) => r.writeHead(301, { location: '/r/1' }).end(), {
      '/r/*': (req, res) => {
        const n = Number(req.url!.split('/').pop());
        if (n < 3) res.writeHead(302, { location: `/r/${n + 1}` }).end();
        else res.writeHead(200).end('User-agent: *\nDisallow: /blocked\n');
      },
    });
    const robots = new RobotsCache({ fetchOptions });
    expect(await codeOf(robots.check(`${s.url}/blocked`))).toBe('ROBOTS_DISALLOWED');
    const loop = await site((_q, r) => r.writeHead(301, { location: '/r/0' }).end(), { '/r/*': (req, res) => res.writeHead(302, { location: `/r/${Number(req.url!.split('/').pop()) + 1}` }).end() });
    await robots.check(`${loop.url}/blocked`);
    expect(loop.requests.filter((r) => r.startsWith('GET /r/'))).toHaveLength(5);
  });

  it('applies the network guard to robots.txt fetches', async () => {
    const s = await site(text('User-agent: *\nDisallow:\n'));
    const robots = new RobotsCache({ fetchOptions: { userAgent: 'IngestBot/1.0', allowNetworks: [] } });
    expect(await codeOf(robots.check(`${s.url}/a`))).toBe('BLOCKED_NETWORK');
    expect(s.connections).toBe(0);
  });

  it('plugs into fetchPage and checks every hop', async () => {
    const s = await site(text('User-agent: *\nDisallow: /secret\n'), {
      '/go': (_q, r) => r.writeHead(302, { location: '/secret/page' }).end(),
      '/fine': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('ok'),
    });
    const robots = new RobotsCache({ fetchOptions });
    const opts: FetchOptions = { ...fetchOptions, checkRobots: (u) => robots.check(u) };
    expect((await fetchPage(`${s.url}/fine`, opts)).status).toBe(200);
    expect(await codeOf(fetchPage(`${s.url}/go`, opts))).toBe('ROBOTS_DISALLOWED');
    expect(s.requests).not.toContain('GET /secret/page');
  });

  describe('with Redis', () => {
    const prefix = `test:fetch-robots:${process.pid}:${Date.now()}:`;
    let a: Redis;
    let b: Redis;
    beforeAll(() => {
      a = new Redis(testServices().redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
      b = new Redis(testServices().redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    });
    afterAll(async () => {
      const keys = await a.keys(`${prefix}*`);
      if (keys.length > 0) await a.del(...keys);
      a.disconnect();
      b.disconnect();
    });

    it('shares fetched robots.txt between processes', async () => {
      const s = await site(text('User-agent: *\nDisallow: /x\nSitemap: /s.xml\n'));
      const one = new RobotsCache({ fetchOptions, redis: a, keyPrefix: prefix });
      const two = new RobotsCache({ fetchOptions, redis: b, keyPrefix: prefix });
      expect(await codeOf(one.check(`${s.url}/x`))).toBe('ROBOTS_DISALLOWED');
      expect(await codeOf(two.check(`${s.url}/x`))).toBe('ROBOTS_DISALLOWED');
      expect(await two.sitemaps(`${s.url}/`)).toEqual([`${s.url}/s.xml`]);
      expect(s.requests.filter((r) => r === 'GET /robots.txt')).toHaveLength(1);
      const ttl = await a.pttl(`${prefix}robots:${s.url}`);
      expect(ttl).toBeGreaterThan(3_500_000);
      await one.invalidate(s.url);
      expect(await a.exists(`${prefix}robots:${s.url}`)).toBe(0);
    });
  });
});
