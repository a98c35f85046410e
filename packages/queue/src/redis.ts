import { Cluster, Command, Redis, type RedisOptions as IoRedisOptions } from 'ioredis';
import { PermanentError, RetryableError } from '@ingest/errors';
import type { Logger } from '@ingest/logger';

export interface RedisOptions {
  /** Producers only: how long a command may wait for its reply before it is rejected. */
  commandTimeoutMs?: number | undefined;
  /** `url` lists seed nodes of a Redis Cluster, comma-separated. */
  cluster?: boolean | undefined;
}

/** Seed nodes from a comma-separated list of redis:// URLs (credentials and TLS from the first). */
export function clusterSeeds(url: string): { nodes: { host: string; port: number }[]; redisOptions: IoRedisOptions } {
  const urls = url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => new URL(u));
  const first = urls[0];
  if (!first) throw new TypeError('REDIS_URL lists no Redis Cluster node');
  const redisOptions: IoRedisOptions = {};
  if (first.username) redisOptions.username = decodeURIComponent(first.username);
  if (first.password) redisOptions.password = decodeURIComponent(first.password);
  if (first.protocol === 'rediss:') redisOptions.tls = {};
  return { nodes: urls.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })), redisOptions };
}

/**
 * Workers block on Redis and must never give up on a command (`maxRetriesPerRequest: null`).
 * Producers (API, CLI) fail fast and never replay: no offline queue, no retry of a command that
 * was in flight when the connection dropped, and a short command timeout, so a caller told
 * "failed" is not enqueued behind its back when Redis comes back.
 */
export function createRedis(url: string, role: 'worker' | 'producer', options: RedisOptions = {}): Redis {
  const producer = role === 'producer';
  const common = {
    maxRetriesPerRequest: producer ? 0 : null,
    enableOfflineQueue: !producer,
    autoResendUnfulfilledCommands: !producer,
    ...(producer ? { commandTimeout: options.commandTimeoutMs ?? 500 } : {}),
    connectTimeout: 5_000,
  };
  const retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  if (options.cluster) {
    const seeds = clusterSeeds(url);
    // The command API is the same; every multi-key command we send stays in one slot (keys.ts).
    // BullMQ reads `isCluster` and duplicates the connection for its blocking commands.
    return new Cluster(seeds.nodes, {
      clusterRetryStrategy: retryStrategy,
      enableOfflineQueue: !producer,
      redisOptions: { ...seeds.redisOptions, ...common },
    }) as unknown as Redis;
  }
  return new Redis(url, { ...common, lazyConnect: false, retryStrategy });
}

/** The maxmemory-policy from INFO (allowed where CONFIG is not, as on most managed Redis). */
export async function redisEvictionPolicy(redis: Redis): Promise<string | null> {
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
}

/**
 * Redis with an eviction policy silently drops jobs when memory runs out: refuse it unless the
 * operator said otherwise (REDIS_ALLOW_EVICTION). Returns the policy.
 */
export async function checkRedisPolicy(redis: Redis, log: Logger, options: { allowEviction?: boolean } = {}): Promise<string | null> {
  const policy = await redisEvictionPolicy(redis);
  if (policy !== null && policy !== 'noeviction') {
    if (!options.allowEviction) throw evictionError(policy);
    log.warn({ policy }, 'Redis maxmemory-policy is not noeviction: jobs can be evicted and lost (allowed by REDIS_ALLOW_EVICTION).');
  }
  return policy;
}

export function evictionError(policy: string): PermanentError {
  return new PermanentError(
    'REDIS_EVICTION_POLICY',
    `Redis maxmemory-policy is ${policy}: Redis may evict queued jobs and lose them. Set maxmemory-policy noeviction (or REDIS_ALLOW_EVICTION=true to accept the loss).`,
    { details: { policy } },
  );
}

/** True when the error means Redis is down, frozen or full: the caller should retry later (503). */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const m = err.message;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    m === 'Command timed out' ||
    m.startsWith("Stream isn't writeable") ||
    m === 'Connection is closed.' ||
    m.startsWith('OOM ') ||
    m.startsWith('LOADING ') ||
    m.startsWith('READONLY ') ||
    m.startsWith('MISCONF ') ||
    m.includes('ECONNREFUSED') ||
    m.includes('ECONNRESET')
  );
}

export function isRedisOutOfMemory(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('OOM ');
}

type AofSupport = 'waitaof' | 'no-command' | 'aof-off';
const aofSupport = new WeakMap<Redis, Promise<AofSupport>>();

async function detectAofSupport(redis: Redis): Promise<AofSupport> {
  const info = (await redis.call('COMMAND', 'INFO', 'WAITAOF')) as unknown[];
  if (!Array.isArray(info) || info[0] === null || info[0] === undefined) return 'no-command';
  const persistence = await redis.info('persistence');
  return /^aof_enabled:1/m.test(persistence) ? 'waitaof' : 'aof-off';
}

/**
 * How far `waitDurable` can go on this Redis: 'waitaof' (Redis >= 7.2 with appendonly: a 202 means
 * fsynced), 'no-command' (older Redis: the write is in memory and in the AOF buffer, fsynced by
 * appendfsync within about a second) or 'aof-off' (nothing on disk).
 */
export function aofDurability(redis: Redis): Promise<AofSupport> {
  let p = aofSupport.get(redis);
  if (!p) {
    p = detectAofSupport(redis).catch((err: unknown) => {
      aofSupport.delete(redis);
      throw err;
    });
    aofSupport.set(redis, p);
  }
  return p;
}

/**
 * Waits until this connection's writes are fsynced to the local AOF (WAITAOF 1 0). Must run on the
 * connection that made the writes. Where Redis has no WAITAOF it returns at once (see README:
 * appendfsync everysec can then lose about the last second).
 */
export async function waitDurable(redis: Redis, timeoutMs: number): Promise<AofSupport> {
  const support = await aofDurability(redis);
  if (support !== 'waitaof') return support;
  // WAITAOF blocks until the next fsync (up to a second with appendfsync everysec): it gets its own
  // timer, set before sendCommand so the short producer commandTimeout does not apply.
  const command = new Command('waitaof', ['1', '0', String(timeoutMs)]);
  command.setTimeout(timeoutMs + 1_000);
  const [local] = (await redis.sendCommand(command)) as [number, number];
  if (local < 1) throw new RetryableError('DEPENDENCY_UNAVAILABLE', `Redis did not fsync the write to its append-only file within ${timeoutMs} ms; retry (enqueuing again is a no-op).`);
  return support;
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

/**
 * Readiness of a Redis connection for the probes: it answers within `timeoutMs` and cannot evict
 * jobs (unless allowed). Bounded even on a worker connection, whose commands otherwise wait forever.
 */
export async function redisReady(redis: Redis, options: { allowEviction: boolean; timeoutMs?: number }): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), options.timeoutMs ?? 800);
  });
  const check = (async () => {
    if ((await redis.ping()) !== 'PONG') return false;
    const policy = await redisEvictionPolicy(redis);
    return policy === null || policy === 'noeviction' || options.allowEviction;
  })().catch(() => false);
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
