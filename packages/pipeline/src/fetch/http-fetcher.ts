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
// Between the last check and the request reaching the host lie a TCP connect and a write, a few
// event-loop turns that stretch under CPU contention; the next start keeps this much in hand.
const SEND_JITTER_MARGIN_MS = 25;

/**
 * A fetch job waiting for a busy host would hold a worker slot the whole time, so a host with a
 * long queue (or a slow or rate-limited one) would starve every other host of workers. After a
 * short wait the job is handed back as rate-limited instead: the stage worker delays it (no
 * attempt used, nothing recorded as a failure) and the slot goes to another host's job.
 */
async function acquireOrYield(limiter: HostLimiter, host: string, minDelayMs: number, signal: AbortSignal | undefined): Promise<HostLease> {
  const budgetMs = Math.max(1_000, minDelayMs * 3);
  const deadline = AbortSignal.timeout(budgetMs);
  try {
    return await limiter.acquire(host, { minDelayMs, signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
  } catch (err) {
    if (!deadline.aborted || signal?.aborted) throw err;
    const retryAfterMs = budgetMs + Math.floor(Math.random() * budgetMs);
    throw new RateLimitedError(`${host} is busy: no politeness slot within ${budgetMs} ms; the job waits its turn without holding a worker`, retryAfterMs, { details: { host, reason: 'host-busy' } });
  }
}

/** The grant was used up before the request could be sent; the fetch queues for a new one. */
class StaleGrant extends Error {
  override name = 'StaleGrant';
}

/**
 * The limiter spaces grants, but the host sees requests: a process that stalls between its grant
 * and its request (robots.txt loading, GC, a busy event loop, CPU contention) would send late,
 * right next to the following holder's request. So right before the first request the delay is
 * re-armed from that moment, and a grant older than the delay (another holder may have started
 * meanwhile) is given back. Redirect hops go out at once: they continue the same visit.
 */
class SendGate {
  private readonly limiter: HostLimiter;
  private readonly host: string;
  private readonly minDelayMs: number;
  private readonly granted = performance.now();
  private sent = false;

  constructor(limiter: HostLimiter, host: string, minDelayMs: number) {
    this.limiter = limiter;
    this.host = host;
    this.minDelayMs = minDelayMs;
  }

  async beforeSend(): Promise<void> {
    if (this.sent || this.minDelayMs === 0) return;
    this.sent = true;
    await this.limiter.penalize(this.host, this.minDelayMs + SEND_JITTER_MARGIN_MS);
    if (performance.now() - this.granted >= this.minDelayMs) throw new StaleGrant();
  }
}

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
    const minDelayMs = Math.max(this.config.fetchHostDelayMs, crawlDelay ?? 0);
    for (;;) {
      const lease = this.limiter ? await acquireOrYield(this.limiter, host, minDelayMs, signal) : null;
      const gate = lease && this.limiter ? new SendGate(this.limiter, host, minDelayMs) : null;
      try {
        return await fetchPage(url, {
          userAgent: this.config.fetchUserAgent,
          allowNetworks: parseNetworks(this.config.fetchAllowNetworks),
          maxBytes: options.maxBytes ?? this.config.fetchMaxBytes,
          ...(options.conditional ? { conditional: options.conditional } : {}),
          ...(options.accept ? { headers: { accept: options.accept } } : {}),
          maxRedirects: this.config.fetchMaxRedirects,
          maxRetryAfterMs: this.config.fetchMaxRetryAfterMs,
          connectTimeoutMs: Math.min(10_000, this.config.fetchTimeoutMs),
          headersTimeoutMs: Math.min(15_000, this.config.fetchTimeoutMs),
          bodyTimeoutMs: this.config.fetchTimeoutMs,
          // fetchPage calls this right before each request it sends: the last moment to check the grant.
          checkRobots: async (u: string) => {
            if (this.robots) await this.robots.check(u);
            await gate?.beforeSend();
          },
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (err instanceof StaleGrant) continue;
        if (err instanceof RateLimitedError && this.limiter) await this.limiter.penalize(host, err.retryAfterMs);
        throw err;
      } finally {
        await lease?.release();
      }
    }
  }

  async robotsSitemaps(url: string): Promise<string[]> {
    return this.robots ? this.robots.sitemaps(url) : [];
  }

  async close(): Promise<void> {}
}
