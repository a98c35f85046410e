import type { Redis } from 'ioredis';
import { parseNetworks, type Config } from '@ingest/config';
import { HostLimiter } from '@ingest/politeness';
import { RobotsCache } from '@ingest/robots';

/** Per-host limits and robots.txt, shared across fetcher processes through Redis. */
export function createPoliteness(config: Config, redis: Redis): { limiter: HostLimiter; robots: RobotsCache | null } {
  const limiter = new HostLimiter({
    redis,
    keyPrefix: `${config.queuePrefix}:polite:`,
    maxConcurrency: config.fetchHostConcurrency,
    minDelayMs: config.fetchHostDelayMs,
    // A crashed holder frees its slot after the longest possible fetch.
    leaseMs: config.fetchTimeoutMs * 2 + 10_000,
    maxPauseMs: config.fetchMaxRetryAfterMs,
    maxAdaptiveDelayMs: config.fetchHostMaxDelayMs,
  });
  const robots = config.fetchRespectRobots
    ? new RobotsCache({
        fetchOptions: {
          userAgent: config.fetchUserAgent,
          allowNetworks: parseNetworks(config.fetchAllowNetworks),
          connectTimeoutMs: 10_000,
          headersTimeoutMs: 15_000,
          bodyTimeoutMs: 20_000,
          maxRetryAfterMs: config.fetchMaxRetryAfterMs,
        },
        errorTtlMs: config.fetchRobotsErrorTtlMs,
        redis,
        keyPrefix: `${config.queuePrefix}:`,
      })
    : null;
  return { limiter, robots };
}
