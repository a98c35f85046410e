import type { Redis } from 'ioredis';
import type { CrawlContext } from '@ingest/contracts';
import { UrlStateStore } from './state/url-state.ts';

/** How long enqueuing a fetched URL again stays a no-op (BullMQ used to keep completed jobs a day). */
export const REFETCH_DEDUPE_MS = 24 * 3600 * 1000;

/**
 * Per-crawl seen-set and page budget in Redis, so several fetcher/extractor processes never fetch
 * one URL twice in a crawl and never exceed its page limit.
 */
export class CrawlFrontier {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** Claims a URL for the crawl: true when it is new and within the page budget. */
  async claim(crawl: Pick<CrawlContext, 'crawlId' | 'maxPages'>, url: string): Promise<boolean> {
    const seen = `${this.prefix}:crawl:${crawl.crawlId}:seen`;
    const count = `${this.prefix}:crawl:${crawl.crawlId}:count`;
    const result = (await this.redis.eval(CLAIM_SCRIPT, 2, seen, count, url, String(crawl.maxPages), String(7 * 24 * 3600))) as number;
    return result === 1;
  }

  /**
   * True when a fetch job with this id completed for the URL less than `withinMs` ago: enqueuing
   * it again is then a no-op. Read from URL state, since completed job hashes are trimmed.
   */
  async fetchedRecently(url: string, jobId: string, withinMs = REFETCH_DEDUPE_MS): Promise<boolean> {
    const [record] = await new UrlStateStore(this.redis, this.prefix).fetchRecords([url]);
    return record !== null && record !== undefined && record.jobId === jobId && Date.now() - record.finishedOn < withinMs;
  }

  async size(crawlId: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}:crawl:${crawlId}:count`)) ?? 0);
  }
}

// Atomic: add to the seen-set only while under budget, so the budget is exact across processes.
const CLAIM_SCRIPT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
`;
