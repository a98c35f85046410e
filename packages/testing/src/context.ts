import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { SETTINGS, loadConfig, type Config } from '@ingest/config';
import { Redis } from 'ioredis';
import { scanKeys, stackKeyPatterns } from '@ingest/queue';
import { Meilisearch } from 'meilisearch';
import './services.ts';

export function testServices() {
  return inject('services');
}

/**
 * A config of its own for one test: unique queue prefix (a Redis Cluster hash tag), index and
 * bucket, so tests never see each other's data.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const s = testServices();
  const id = randomBytes(5).toString('hex');
  return loadConfig(
    {},
    {
      redisUrl: s.redisUrl,
      queuePrefix: `{t${id}}`,
      meiliUrl: s.meiliUrl,
      meiliMasterKey: s.meiliMasterKey,
      meiliIndex: `test_${id}`,
      s3Endpoint: s.s3Endpoint,
      s3AccessKeyId: s.s3AccessKeyId,
      s3SecretAccessKey: s.s3SecretAccessKey,
      s3Bucket: `test-${id}`,
      apiKey: `key-${id}`,
      apiPort: 0,
      fetchAllowNetworks: '127.0.0.0/8',
      fetchHostDelayMs: 0,
      fetchHostConcurrency: 4,
      indexBatchWaitMs: 50,
      logLevel: 'silent',
      ...overrides,
    },
  );
}

/** Removes what a test created: its Redis keys, its index. (Buckets are cheap and left to the run's scratch dir.) */
export async function cleanupTest(config: Config): Promise<void> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for (const pattern of stackKeyPatterns(config.queuePrefix)) {
      await scanKeys(redis, pattern, async (keys) => {
        await redis.del(...keys);
      });
    }
  } finally {
    redis.disconnect();
  }
  const meili = new Meilisearch({ host: config.meiliUrl!, apiKey: config.meiliMasterKey! });
  await meili.deleteIndexIfExists(config.meiliIndex).catch(() => {});
}

/**
 * A test's own config and a Redis connection to its stack, for a describe block that talks to Redis
 * directly: after its tests the connection is closed and the test's keys are removed.
 */
export function useTestRedis(overrides: Partial<Config> = {}): { config: Config; redis: Redis } {
  const config = testConfig(overrides);
  // Lazy: a suite that is filtered out never connects.
  const redis = new Redis(config.redisUrl, { lazyConnect: true });
  afterAll(async () => {
    redis.disconnect();
    await cleanupTest(config);
  });
  return { config, redis };
}

/** The env a separate service process needs to join this test's stack (the reverse of loadConfig). */
export function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const value = config[key as keyof Config];
    if (value !== undefined && value !== null) env[setting.env] = String(value);
  }
  return env;
}
