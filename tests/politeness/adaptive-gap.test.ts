import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { HostLimiter } from '@ingest/politeness';
import { HttpPageFetcher } from '@ingest/pipeline';
import { cleanupTest, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const FLOOR_MS = 50;
const SLOW_MS = 800;

/** The gap between request starts follows the host: longer while it answers slowly, back to the floor when it recovers. */
describe('adaptive politeness', () => {
  const config = testConfig({ fetchHostDelayMs: FLOOR_MS, fetchHostConcurrency: 2 });
  let redis: Redis | undefined;
  let server: FixtureServer | undefined;

  afterAll(async () => {
    redis?.disconnect();
    await server?.close();
    await cleanupTest(config);
  });

  it('spaces requests out on a slow host and returns to the floor when it is fast again', async () => {
    let latency = SLOW_MS;
    const starts: number[] = [];
    server = await startFixtureServer({
      '/p': (_req, res) => {
        starts.push(performance.now());
        setTimeout(() => html(res, '<p>page</p>'), latency);
      },
    });
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
    const prefix = `${config.queuePrefix}:polite:`;
    const limiter = new HostLimiter({ redis, keyPrefix: prefix, maxConcurrency: 2, minDelayMs: FLOOR_MS, maxAdaptiveDelayMs: 5_000 });
    const fetcher = new HttpPageFetcher(config, { limiter, robots: null });
    const url = `${server.baseUrl}/p`;
    const gapKey = `${prefix}host:${new URL(url).host}:gap`;

    // Three slow answers: the gap moves towards 800 ms / 2 in flight.
    for (let i = 0; i < 3; i++) await fetcher.fetch(url);
    const slowed = Number(await redis.get(gapKey));
    expect(slowed).toBeGreaterThan(300);
    // Two requests at once now start the adapted gap apart, not the 50 ms floor.
    starts.length = 0;
    await Promise.all([fetcher.fetch(url), fetcher.fetch(url)]);
    const spread = Math.abs(starts[1]! - starts[0]!);
    expect(spread).toBeGreaterThanOrEqual(slowed - 40);

    // Fast again: a few answers bring it back to the floor (the key goes away).
    latency = 0;
    for (let i = 0; i < 10; i++) await fetcher.fetch(url);
    const recovered = await redis.get(gapKey);
    console.info(`gap after 3 slow answers ${slowed} ms, two parallel starts ${Math.round(spread)} ms apart; after 10 fast answers ${recovered ?? `floor (${FLOOR_MS} ms)`}`);
    expect(recovered === null || Number(recovered) < FLOOR_MS + 10).toBe(true);
  }, 60_000);
});
