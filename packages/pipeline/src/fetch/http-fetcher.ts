import type { Config } from '@ingest/config';
import { parseNetworks } from '@ingest/config';
import { IngestError, RateLimitedError } from '@ingest/errors';
import type { LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchPage, RequestWriteRefused, type FetchResponse } from '@ingest/fetch';
import type { HostLease, HostLimiter, HostSignal } from '@ingest/politeness';
import type { RobotsCache } from '@ingest/robots';
import type { PageFetchOptions, PageFetcher } from './fetcher.ts';

/**
 * The real fetcher: takes the host's politeness slot (shared by every fetcher process through
 * Redis, honouring robots.txt Crawl-delay), checks robots.txt for every hop, and connects only to
 * addresses the network guard allows.
 *
 * The host sees requests, not grants: a process can stall anywhere between its grant and the
 * moment undici writes the request (robots.txt, connect, GC, CPU contention), and a late send
 * would land right next to the following holder's. So the grant is only good for a short send
 * window, checked synchronously as the request is written (HostLease.markSent, via fetchPage's
 * onRequestWrite); the host's next start is set from that moment. A grant whose window passed
 * sends nothing and is asked for again. Redirect hops go out at once: they continue the same visit.
 */
/** The grant's send window passed before the request could be written. */
class StaleGrant extends Error {
  override name = 'StaleGrant';
}

/** Without a ticket (no job to park), a fetch waits in place at most this long for its host. */
function inPlaceBudgetMs(minDelayMs: number): number {
  return Math.max(1_000, minDelayMs * 3);
}

/**
 * Waits for the host's slot. A fetch job (ticket = its job id) whose host is busy does not hold a
 * worker slot: it books a turn in the host's schedule and is handed back as rate-limited with the
 * time until that turn, so the stage worker parks it in BullMQ's delayed set (no attempt used,
 * nothing recorded as a failure) and the slot goes to another host's job. Only the job whose turn
 * it is waits in place, and only for the last moments.
 */
async function takeTurn(limiter: HostLimiter, host: string, minDelayMs: number, options: PageFetchOptions, windowFactor: number): Promise<HostLease> {
  const { signal, ticket } = options;
  const deadline = ticket ? Infinity : performance.now() + inPlaceBudgetMs(minDelayMs);
  for (;;) {
    signal?.throwIfAborted();
    const got = await limiter.tryAcquire(host, { minDelayMs, windowFactor, ...(ticket ? { ticket } : {}) });
    if (got.lease) return got.lease;
    if (got.park) {
      throw new RateLimitedError(`${host} is busy: the job is parked until its turn in ${got.waitMs} ms, without holding a worker`, got.waitMs, { details: { host, reason: 'host-busy' } });
    }
    if (performance.now() + got.waitMs > deadline) {
      const budgetMs = inPlaceBudgetMs(minDelayMs);
      throw new RateLimitedError(`${host} is busy: no politeness slot within ${budgetMs} ms; the job waits its turn without holding a worker`, budgetMs + Math.floor(Math.random() * budgetMs), {
        details: { host, reason: 'host-busy' },
      });
    }
    // Waiters without a turn add jitter so several processes do not wake in lockstep.
    await sleep(got.waitMs + (ticket ? 0 : Math.floor(Math.random() * 5)), undefined, signal ? { signal } : undefined);
  }
}

/** What a failed visit says about the host: asked to slow down, struggling, or fine (404, robots, too large). */
function healthSignal(err: unknown, responseMs: number): HostSignal {
  if (err instanceof RateLimitedError) return { kind: 'throttled' };
  if (err instanceof IngestError && !err.permanent) return { kind: 'failed' };
  return { kind: 'ok', responseMs };
}

export class HttpPageFetcher implements PageFetcher {
  private readonly config: Config;
  private readonly limiter: HostLimiter | null;
  private readonly robots: RobotsCache | null;
  private readonly lookup: LookupFunction | undefined;

  /** `lookup` replaces system DNS (tests: a slow resolver is one of the stalls between grant and send). */
  constructor(config: Config, options: { limiter?: HostLimiter | null; robots?: RobotsCache | null; lookup?: LookupFunction } = {}) {
    this.config = config;
    this.limiter = options.limiter ?? null;
    this.robots = options.robots ?? null;
    this.lookup = options.lookup;
  }

  async fetch(url: string, options: PageFetchOptions = {}): Promise<FetchResponse> {
    const { signal } = options;
    const host = new URL(url).host;
    const crawlDelay = this.robots ? await this.robots.crawlDelayMs(url).catch(() => null) : null;
    const minDelayMs = Math.max(this.config.fetchHostDelayMs, crawlDelay ?? 0);
    // Each stale grant doubles the next one's send window, so an overloaded process still gets through.
    for (let windowFactor = 1; ; windowFactor = Math.min(8, windowFactor * 2)) {
      const lease = this.limiter ? await takeTurn(this.limiter, host, minDelayMs, options, windowFactor) : null;
      let sentAt: number | null = null;
      try {
        const response = await fetchPage(url, {
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
          ...(this.lookup ? { lookup: this.lookup } : {}),
          ...(this.robots ? { checkRobots: (u: string) => this.robots!.check(u) } : {}),
          ...(lease
            ? {
                onRequestWrite: () => {
                  if (!lease.markSent()) throw new StaleGrant();
                  sentAt ??= performance.now();
                },
              }
            : {}),
          ...(signal ? { signal } : {}),
        });
        if (sentAt !== null) await this.observe(host, { kind: 'ok', responseMs: performance.now() - sentAt }, minDelayMs, lease);
        return response;
      } catch (err) {
        if (err instanceof RequestWriteRefused && err.cause instanceof StaleGrant) continue;
        if (err instanceof RateLimitedError && this.limiter) await this.limiter.penalize(host, err.retryAfterMs);
        if (sentAt !== null) await this.observe(host, healthSignal(err, performance.now() - sentAt), minDelayMs, lease);
        throw err;
      } finally {
        await lease?.release();
      }
    }
  }

  /** Adaptive politeness is advice: a failure to record it never fails the fetch. */
  private async observe(host: string, signal: HostSignal, minDelayMs: number, lease: HostLease | null): Promise<void> {
    await this.limiter?.observe(host, signal, { minDelayMs, ...(lease ? { lease } : {}) }).catch(() => undefined);
  }

  async robotsSitemaps(url: string): Promise<string[]> {
    return this.robots ? this.robots.sitemaps(url) : [];
  }

  async close(): Promise<void> {}
}
