import type { Redis } from 'ioredis';
import { RetryableError } from '@ingest/errors';
import { S3ArchiveStore, type ArchiveStore } from '@ingest/archive';
import type { Config } from '@ingest/config';
import { ExtractionHealth } from '@ingest/extraction-health';
import type { Logger } from '@ingest/logger';
import { PipelineStats, QueueSet, checkRedisPolicy, createRedis, queueTelemetry } from '@ingest/queue';
import { MeiliSearchIndex, indexSettings } from '@ingest/search-index';

/** Connections shared by one process's producers and workers; `close()` closes only what it made. */
export interface Connections {
  redis: Redis;
  queues: QueueSet;
  archive: ArchiveStore;
  searchIndex: MeiliSearchIndex;
  stats: PipelineStats;
  /** Per-host extraction figures: written by extract workers, read by status and metrics. */
  extractionHealth: ExtractionHealth;
  close(): Promise<void>;
}

export function requireUrl(value: string | undefined, setting: string): string {
  if (!value) throw new Error(`${setting} is not set and no embedded service was started. Set ${setting} or use \`ingest start\`.`);
  return value;
}

/** Fails fast with a message an operator can act on when Redis does not answer. */
async function waitReady(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.disconnect();
      reject(new RetryableError('DEPENDENCY_UNAVAILABLE', `Redis does not answer at ${redactUrl(url)}. Is the stack running (\`ingest start\`)?`));
    }, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * `producer` connections (API, CLI) fail fast and never replay a command; `worker` connections
 * wait for Redis forever. A process that runs both opens one of each.
 */
export async function connect(config: Config, log: Logger, role: 'worker' | 'producer'): Promise<Connections> {
  const redis = createRedis(config.redisUrl, role, { commandTimeoutMs: config.redisCommandTimeoutMs, cluster: config.redisCluster });
  redis.on('error', (err) => log.debug({ err: err.message }, 'redis connection error'));
  await waitReady(redis, config.redisUrl);
  try {
    await checkRedisPolicy(redis, log, { allowEviction: config.redisAllowEviction });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const queues = new QueueSet({ connection: redis, prefix: config.queuePrefix, attempts: config.jobAttempts, keepCompleted: config.jobKeepCompleted, telemetry: queueTelemetry(config.otelEnabled) });
  const archive = new S3ArchiveStore({
    endpoint: requireUrl(config.s3Endpoint, 'S3_ENDPOINT'),
    region: config.s3Region,
    bucket: config.s3Bucket,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
    forcePathStyle: config.s3ForcePathStyle,
  });
  const searchIndex = new MeiliSearchIndex({ host: requireUrl(config.meiliUrl, 'MEILI_URL'), apiKey: config.meiliMasterKey, uid: config.meiliIndex, settings: indexSettings(config.searchProximity) });
  const stats = new PipelineStats(redis, config.queuePrefix);
  const extractionHealth = new ExtractionHealth(redis, config.queuePrefix);
  let closed: Promise<void> | null = null;
  return {
    redis,
    queues,
    archive,
    searchIndex,
    stats,
    extractionHealth,
    close() {
      closed ??= (async () => {
        await queues.close().catch(() => {});
        await stats.close();
        await extractionHealth.close();
        archive.close();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closed;
    },
  };
}
