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
    return (await this.claimMany(crawl, [url]))[0] === url;
  }

  /**
   * Claims a page's links in one script call (one per link cost a round trip and a script call
   * each, most of them for links already seen): the URLs that are new and within the budget, in
   * order. Pass each URL once.
   */
  async claimMany(crawl: Pick<CrawlContext, 'crawlId' | 'maxPages'>, urls: readonly string[]): Promise<string[]> {
    if (urls.length === 0) return [];
    const seen = `${this.prefix}:crawl:${crawl.crawlId}:seen`;
    const count = `${this.prefix}:crawl:${crawl.crawlId}:count`;
    const claimed = (await this.redis.eval(CLAIM_SCRIPT, 2, seen, count, String(crawl.maxPages), String(7 * 24 * 3600), ...urls)) as number[];
    return claimed.map((i) => urls[i - 1]!);
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
// One SMISMEMBER per chunk of links finds the new ones and one SADD claims them (a SADD per link
// was about 17 commands a page, nearly all for links already seen). Returns the claimed URLs'
// positions (1-based) in ARGV[3..]; chunks keep unpack within Lua's stack.
const CLAIM_SCRIPT = `
local max = tonumber(ARGV[1])
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
local claimed = {}
local CHUNK = 1000
local i = 3
while i <= #ARGV and n < max do
  local last = math.min(#ARGV, i + CHUNK - 1)
  local seen = redis.call('SMISMEMBER', KEYS[1], unpack(ARGV, i, last))
  local new = {}
  for k = 1, #seen do
    if n >= max then break end
    if seen[k] == 0 then
      n = n + 1
      new[#new + 1] = ARGV[i + k - 1]
      claimed[#claimed + 1] = i + k - 3
    end
  end
  if #new > 0 then redis.call('SADD', KEYS[1], unpack(new)) end
  i = last + 1
end
if #claimed > 0 then
  redis.call('INCRBY', KEYS[2], #claimed)
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return claimed
`;
