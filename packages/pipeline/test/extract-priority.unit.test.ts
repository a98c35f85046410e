import { describe, expect, it } from 'vitest';
import type { CrawlContext } from '@ingest/contracts';
import { extractPriority } from '../src/fetch/enqueue-extract.ts';

const crawl = (depth: number): CrawlContext => ({ crawlId: 'c1', depth, maxDepth: 5, maxPages: 100, scope: { mode: 'host', startUrls: ['https://example.com/'] } });

describe('extractPriority', () => {
  it('extracts a page nearer the crawl start first (BullMQ: a lower priority number runs first)', () => {
    const home = extractPriority({ crawl: crawl(0) }).priority!;
    const listing = extractPriority({ crawl: crawl(1) }).priority!;
    const article = extractPriority({ crawl: crawl(2) }).priority!;
    expect(home).toBeLessThan(listing);
    expect(listing).toBeLessThan(article);
    expect(home).toBeGreaterThan(0);
  });

  it('puts pages outside a crawl on the plain wait list, ahead of every crawl page', () => {
    expect(extractPriority({})).toEqual({});
  });
});
