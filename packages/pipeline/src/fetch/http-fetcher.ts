import type { Config } from '@ingest/config';
import { parseNetworks } from '@ingest/config';
import { RateLimitedError } from '@ingest/errors';
import { fetchPage, type FetchResponse, type HostLimiter, type RobotsCache } from '@ingest/fetch';
import type { PageFetcher } from './fetcher.ts';

/**
 * The real fetcher: waits for the host's politeness slot (shared by every fetcher process through
 * Redis, honouring robots.txt Crawl-delay), checks robots.txt for every hop, and connects only to
 * addresses the network guard allows.
 */
export class HttpPageFetcher implements PageFetcher {
  private readonly config: Config;
  private readonly limiter: HostLimiter | null;
  private readonly robots: RobotsCache | null;

  constructor(config: Config, options: { limiter?: HostLimiter | null; robots?: RobotsCache | null } = {}) {
    this.config = config;
    this.limiter = options.limiter ?? null;
    this.robots = options.robots ?? null;
  }

  async fetch(url: string, signal?: AbortSignal): Promise<FetchResponse> {
    const host = new URL(url).host;
    const crawlDelay = this.robots ? await this.robots.crawlDelayMs(url).catch(() => null) : null;
    const lease = this.limiter
      ? await this.limiter.acquire(host, { minDelayMs: Math.max(this.config.fetchHostDelayMs, crawlDelay ?? 0), ...(signal ? { signal } : {}) })
      : null;
    try {
      return await fetchPage(url, {
        userAgent: this.config.fetchUserAgent,
        allowNetworks: parseNetworks(this.config.fetchAllowNetworks),
        maxBytes: this.config.fetchMaxBytes,
        maxRedirects: this.config.fetchMaxRedirects,
        connectTimeoutMs: Math.min(10_000, this.config.fetchTimeoutMs),
        headersTimeoutMs: Math.min(15_000, this.config.fetchTimeoutMs),
        bodyTimeoutMs: this.config.fetchTimeoutMs,
        ...(this.robots ? { checkRobots: (u: string) => this.robots!.check(u) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (err instanceof RateLimitedError && this.limiter) await this.limiter.penalize(host, err.retryAfterMs);
      throw err;
    } finally {
      await lease?.release();
    }
  }

  async close(): Promise<void> {}
}
