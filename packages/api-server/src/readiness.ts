import type { ArchiveStore } from '@ingest/archive';
import { redisEvictionPolicy } from '@ingest/queue';
import type { SearchIndex } from '@ingest/search-index';
import type { Redis } from 'ioredis';

export interface ReadinessDeps {
  redis: Redis;
  searchIndex: SearchIndex;
  archive: ArchiveStore;
  allowEviction: boolean;
}

export interface Readiness {
  ready: boolean;
  /** Per dependency: true when it answered in time (and, for Redis, cannot evict jobs). */
  checks: { redis: boolean; meilisearch: boolean; s3: boolean };
  /** Why a dependency is not ready, for the operator. */
  errors: Partial<Record<'redis' | 'meilisearch' | 's3', string>>;
}

async function within<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkRedis(deps: ReadinessDeps): Promise<void> {
  if ((await deps.redis.ping()) !== 'PONG') throw new Error('Redis did not answer PONG');
  const policy = await redisEvictionPolicy(deps.redis);
  if (policy && policy !== 'noeviction' && !deps.allowEviction) throw new Error(`maxmemory-policy is ${policy}: queued jobs can be evicted (set noeviction, or REDIS_ALLOW_EVICTION=true)`);
}

async function checkS3(archive: ArchiveStore, signal: AbortSignal): Promise<void> {
  await archive.ping(signal);
}

/** Every dependency at once, each within `timeoutMs`, so /readyz answers within about that long. */
export async function readiness(deps: ReadinessDeps, timeoutMs = 800): Promise<Readiness> {
  const run = async (what: string, check: (signal: AbortSignal) => Promise<void>) => {
    try {
      await within(timeoutMs, what, check);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const [redis, meilisearch, s3] = await Promise.all([
    run('Redis', () => checkRedis(deps)),
    run('Meilisearch', async () => {
      if (!(await deps.searchIndex.healthy())) throw new Error('Meilisearch is not healthy');
    }),
    run('S3', (signal) => checkS3(deps.archive, signal)),
  ]);
  const errors: Readiness['errors'] = {};
  if (redis) errors.redis = redis;
  if (meilisearch) errors.meilisearch = meilisearch;
  if (s3) errors.s3 = s3;
  const checks = { redis: !redis, meilisearch: !meilisearch, s3: !s3 };
  return { ready: !redis && !meilisearch && !s3, checks, errors };
}
