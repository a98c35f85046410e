import { Redis } from 'ioredis';
import type { Logger } from '@ingest/logger';

/**
 * Workers block on Redis and must never give up on a command (`maxRetriesPerRequest: null`);
 * producers (API, CLI) fail fast so a caller learns at once that Redis is down.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5_000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}

/** Redis with an eviction policy silently drops jobs: say so loudly at start-up. */
export async function checkRedisPolicy(redis: Redis, log: Logger): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? null;
    if (policy !== null && policy !== 'noeviction') {
      log.warn({ policy }, 'Redis maxmemory-policy is not noeviction: jobs can be evicted and lost. Set maxmemory-policy noeviction.');
    }
    return policy;
  } catch {
    return null; // managed Redis often forbids CONFIG; nothing to check then.
  }
}

export async function pingRedis(url: string, timeoutMs = 1_500): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
