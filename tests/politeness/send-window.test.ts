import type { LookupFunction } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { HostLimiter } from '@ingest/politeness';
import { HttpPageFetcher } from '@ingest/pipeline';
import { articlePage, cleanupTest, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const DELAY_MS = 400;
// Arrivals are timed by this process's event loop, which the load on a shared machine can stall.
const ARRIVAL_TOLERANCE_MS = 60;

/**
 * A process stalls between its politeness grant and the moment its request is written (here a
 * slow DNS answer; in production GC, CPU contention, a busy loop). Whatever the stall, the host
 * must not see two requests closer than the delay.
 */
describe('politeness holds whatever a fetcher stalls between grant and send', () => {
  const config = testConfig({ fetchHostDelayMs: DELAY_MS, fetchHostConcurrency: 2 });
  let redis: Redis | undefined;
  let server: FixtureServer | undefined;

  afterAll(async () => {
    redis?.disconnect();
    await server?.close();
    await cleanupTest(config);
  });

  it('a request whose DNS answer comes after another holder already sent is not written next to it', async () => {
    const arrivals: { path: string; at: number }[] = [];
    let secondArrived: () => void = () => {};
    const secondSeen = new Promise<void>((r) => (secondArrived = r));
    const page = (path: string) => (_req: unknown, res: Parameters<typeof html>[0]) => {
      arrivals.push({ path, at: performance.now() });
      if (path === '/second') secondArrived();
      html(res, articlePage(path, ['A paragraph long enough to be a page of its own, with words.']));
    };
    server = await startFixtureServer({ '/first': page('/first'), '/second': page('/second') });

    // The first fetch's name resolves only once the host has seen the second request: the most a
    // stall can do is send right after another holder's request.
    let lookups = 0;
    const lookup = ((hostname: string, options: { all?: boolean }, callback: (err: Error | null, address: unknown, family?: number) => void) => {
      const answer = () => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
      if (++lookups === 1) void secondSeen.then(answer);
      else answer();
    }) as unknown as LookupFunction;

    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
    const limiter = new HostLimiter({ redis, keyPrefix: `${config.queuePrefix}:polite:`, maxConcurrency: 2, minDelayMs: DELAY_MS, pollMs: 20 });
    const fetcher = new HttpPageFetcher(config, { limiter, robots: null, lookup });
    const base = `http://stall.test:${server.port}`;

    const first = fetcher.fetch(`${base}/first`);
    // The second fetch asks once the first holds its grant (its lookup has started).
    while (lookups === 0) await new Promise((r) => setTimeout(r, 5));
    const second = fetcher.fetch(`${base}/second`);
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);

    const order = arrivals.map((x) => x.path);
    const gap = Math.abs(arrivals[1]!.at - arrivals[0]!.at);
    console.info(`arrivals ${order.join(', ')}; gap ${Math.round(gap)} ms (delay ${DELAY_MS} ms)`);
    // Each page requested exactly once: a refused send wrote nothing.
    expect(order.sort()).toEqual(['/first', '/second']);
    expect(gap).toBeGreaterThanOrEqual(DELAY_MS - ARRIVAL_TOLERANCE_MS);
  }, 60_000);
});
