import { describe, expect, it } from 'vitest';
import { useTestRedis } from '@ingest/testing';
import { CrawlFrontier } from '../src/crawl.ts';

describe('CrawlFrontier.claimMany', () => {
  const { config, redis } = useTestRedis();
  const frontier = () => new CrawlFrontier(redis, config.queuePrefix);
  const urls = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `http://frontier.test/p${from + i}`);

  it('claims only the new links, in order, and counts them once', async () => {
    const crawl = { crawlId: 'c-order', maxPages: 100 };
    expect(await frontier().claimMany(crawl, urls(0, 5))).toEqual(urls(0, 5));
    // Seen links are skipped wherever they stand among new ones.
    const mixed = [urls(5, 6)[0]!, ...urls(1, 3), ...urls(6, 8)];
    expect(await frontier().claimMany(crawl, mixed)).toEqual([urls(5, 6)[0], ...urls(6, 8)]);
    expect(await frontier().size('c-order')).toBe(8);
  });

  it('never claims past the page budget, across calls and within one', async () => {
    const crawl = { crawlId: 'c-budget', maxPages: 7 };
    expect(await frontier().claimMany(crawl, urls(0, 4))).toHaveLength(4);
    expect(await frontier().claimMany(crawl, [...urls(0, 2), ...urls(10, 20)])).toEqual(urls(10, 13));
    expect(await frontier().claimMany(crawl, urls(20, 30))).toEqual([]);
    expect(await frontier().size('c-budget')).toBe(7);
  });

  it('handles a page with more links than one script chunk', async () => {
    const crawl = { crawlId: 'c-many', maxPages: 5000 };
    const many = urls(0, 2500);
    await frontier().claimMany(
      crawl,
      many.filter((_, i) => i % 3 === 0),
    );
    const claimed = await frontier().claimMany(crawl, many);
    expect(claimed).toEqual(many.filter((_, i) => i % 3 !== 0));
    expect(await frontier().size('c-many')).toBe(2500);
  });
});
