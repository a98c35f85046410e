import { fetchPage, type FetchResponse } from '@ingest/fetch';
import { RateLimitedError } from '@ingest/errors';
import type { Config } from '@ingest/config';
import { parseNetworks } from '@ingest/config';
import type { PageFetcher } from './fetcher.ts';

/** Per-host politeness shared by all fetcher processes (Redis-backed in production). */
export interface HostGate {
  acquire(host: string, signal?: AbortSignal): Promise<() => Promise<void> | void>;
  penalize?(host: string, ms: number): Promise<void>;
}

export interface RobotsChecker {
  check(url: string): Promise<void>;
}

/**
 * The real fetcher: waits for the host's politeness slot, checks robots.txt for every hop, and
 * connects only to addresses the network guard allows.
 */
export class HttpPageFetcher implements PageFetcher {
  private readonly config: Config;
  private readonly gate: HostGate | null;
  private readonly robots: RobotsChecker | null;

  constructor(config: Config, options: { gate?: HostGate | null; robots?: RobotsChecker | null } = {}) {
    this.config = config;
    this.gate = options.gate ?? null;
    this.robots = options.robots ?? null;
  }

  async fetch(url: string, signal?: AbortSignal): Promise<FetchResponse> {
    const host = new URL(url).host;
    const release = this.gate ? await this.gate.acquire(host, signal) : null;
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
      if (err instanceof RateLimitedError && this.gate?.penalize) await this.gate.penalize(host, err.retryAfterMs);
      throw err;
    } finally {
      await release?.();
    }
  }

  async close(): Promise<void> {}
}
