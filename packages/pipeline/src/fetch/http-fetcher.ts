import type { Config } from '@ingest/config';
import { parseNetworks } from '@ingest/config';
import { RateLimitedError } from '@ingest/errors';
import { fetchPage, type FetchResponse, type HostLease, type HostLimiter, type RobotsCache } from '@ingest/fetch';
import type { PageFetchOptions, PageFetcher } from './fetcher.ts';

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

  async fetch(url: string, options: PageFetchOptions = {}): Promise<FetchResponse> {
    const { signal } = options;
    const host = new URL(url).host;
    const crawlDelay = this.robots ? await this.robots.crawlDelayMs(url).catch(() => null) : null;
    const lease = this.limiter ? await this.slot(this.limiter, host, Math.max(this.config.fetchHostDelayMs, crawlDelay ?? 0), signal) : null;
    try {
      return await fetchPage(url, {
        userAgent: this.config.fetchUserAgent,
        allowNetworks: parseNetworks(this.config.fetchAllowNetworks),
        maxBytes: options.maxBytes ?? this.config.fetchMaxBytes,
        ...(options.conditional ? { conditional: options.conditional } : {}),
        ...(options.accept ? { headers: { accept: options.accept } } : {}),
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

  /**
   * The limiter spaces grants, but the host sees requests: a process that stalls between its grant
   * and its request (GC, a busy event loop, CPU contention) would send late, right next to the
   * following holder's request. So the delay is re-armed at the moment of sending, and a grant
   * that went stale for longer than the delay (another holder may have started meanwhile) is
   * given back and queued for again.
   */
  private async slot(limiter: HostLimiter, host: string, minDelayMs: number, signal: AbortSignal | undefined): Promise<HostLease> {
    for (;;) {
      const lease = await limiter.acquire(host, { minDelayMs, ...(signal ? { signal } : {}) });
      const granted = performance.now();
      if (minDelayMs === 0) return lease;
      await limiter.penalize(host, minDelayMs);
      if (performance.now() - granted < minDelayMs) return lease;
      await lease.release();
    }
  }

  async robotsSitemaps(url: string): Promise<string[]> {
    return this.robots ? this.robots.sitemaps(url) : [];
  }

  async close(): Promise<void> {}
}
