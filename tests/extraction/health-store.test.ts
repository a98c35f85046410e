import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EXAMPLE_SLOTS, ExtractionHealth, SHIFT_THRESHOLDS, type PageObservation } from '@ingest/extraction-health';
import { cleanupTest, testConfig } from '@ingest/testing';
import type { Config } from '@ingest/config';

const N = SHIFT_THRESHOLDS.minPages;
const good = (host: string, i: number, run: string): PageObservation => ({ url: `http://${host}/${run}/${i}`, article: true, bodyLength: 2500 + 10 * i, confidence: 0.9, templateBlocksRemoved: 4 });
const broken = (host: string, i: number, run: string): PageObservation => ({ url: `http://${host}/${run}/${i}`, article: false, bodyLength: 0, confidence: 0, templateBlocksRemoved: 0 });

describe('per-host extraction figures in Redis', () => {
  let config: Config;
  let redis: Redis;
  let health: ExtractionHealth;

  beforeAll(() => {
    config = testConfig();
    redis = new Redis(config.redisUrl);
    // A long flush interval: the test flushes itself, so what reaches Redis is exactly what it recorded.
    health = new ExtractionHealth(redis, config.queuePrefix, { flushMs: 60_000 });
  });
  afterAll(async () => {
    await health.close();
    redis.disconnect();
    await cleanupTest(config);
  });

  const crawl = async (host: string, run: string, make: typeof good, pages = N) => {
    for (let i = 0; i < pages; i++) health.record(host, run, make(host, i, run));
    await health.flush();
  };

  it('keeps a generation per run, the previous one beside the current', async () => {
    await crawl('a.test', 'run:1', good);
    await crawl('a.test', 'run:2', good, 5);
    const f = await health.figures('a.test');
    expect(f.previous).toMatchObject({ generation: 'run:1', pages: N, articles: N, broken: 0, templateBlocksRemoved: 4 * N });
    expect(f.current).toMatchObject({ generation: 'run:2', pages: 5 });
    // a late page of the previous run adds to it and leaves the current one current
    health.record('a.test', 'run:1', good('a.test', 99, 'run:1'));
    expect((await health.figures('a.test')).previous!.pages).toBe(N + 1);
    expect((await health.figures('a.test')).current!.generation).toBe('run:2');
    // a third run drops the oldest
    await crawl('a.test', 'run:3', good, 2);
    const g = await health.figures('a.test');
    expect([g.previous!.generation, g.current!.generation]).toEqual(['run:2', 'run:3']);
    // a page of run 1 fetched before run 3 began (another process's late flush) is dropped, not made current
    health.record('a.test', 'run:1', good('a.test', 100, 'run:1'), Date.now() - 3_600_000);
    const h = await health.figures('a.test');
    expect([h.previous!.generation, h.current!.generation, h.current!.pages]).toEqual(['run:2', 'run:3', 2]);
  });

  it('flags a host whose articles vanish in its next crawl, with at most EXAMPLE_SLOTS examples, and a healthy host not', async () => {
    await crawl('b.test', 'run:1', good);
    await crawl('c.test', 'run:1', good);
    await crawl('b.test', 'run:2', broken);
    await crawl('c.test', 'run:2', good);
    const flagged = await health.flagged();
    expect(flagged.map((h) => h.host)).toEqual(['b.test']);
    const b = flagged[0]!;
    expect(b.reasons.map((r) => r.code)).toContain('articles_found_fell');
    expect(b.previous).toMatchObject({ generation: 'run:1', articleRatio: 1 });
    expect(b.current).toMatchObject({ generation: 'run:2', articleRatio: 0, broken: N });
    expect(b.current.examples).toHaveLength(EXAMPLE_SLOTS);
    for (const e of b.current.examples) expect(e).toMatchObject({ reason: 'no_article', url: expect.stringContaining('http://b.test/run:2/') });
  });

  it('keeps comparing with the last healthy crawl while flagged, and clears the flag when the host recovers', async () => {
    // still broken in the next run: compared with run 1, not with the broken run 2
    await crawl('b.test', 'run:3', broken);
    const still = await health.flagged();
    expect(still.map((h) => [h.host, h.previous.generation, h.current.generation])).toEqual([['b.test', 'run:1', 'run:3']]);
    await crawl('b.test', 'run:4', good);
    expect(await health.flagged()).toEqual([]);
  });

  it('keeps the examples of one generation bounded across flushes', async () => {
    await crawl('d.test', 'run:1', good);
    for (let round = 0; round < 4; round++) await crawl('d.test', 'run:2', broken, 10);
    const keys = await redis.hkeys(`${config.queuePrefix}:xhealth:host:d.test:${(await redis.hget(`${config.queuePrefix}:xhealth:host:d.test:meta`, 'cur'))!}`);
    expect(keys.filter((k) => /^x\d+$/.test(k))).toHaveLength(EXAMPLE_SLOTS);
    expect((await health.flagged()).map((h) => h.host)).toContain('d.test');
  });
});
