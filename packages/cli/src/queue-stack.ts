import { resolve } from 'node:path';
import { ExtractionHealth } from '@ingest/extraction-health';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import { CliError, type CliIO } from './io.ts';

export interface QueueStack {
  queues: QueueSet;
  stats: PipelineStats;
  extractionHealth: ExtractionHealth;
  close(): Promise<void>;
}

/**
 * Only Redis, the queues and the counters: what `status` and `wait` read. Skipping the S3 client,
 * Meilisearch and the pipeline (which `openStack` loads) is what keeps `ingest status` under a second.
 */
export async function openQueues(io: CliIO): Promise<QueueStack> {
  const [{ loadConfig }, { withStack }, q] = await Promise.all([import('@ingest/config'), import('@ingest/runtime/stack-file'), import('@ingest/queue/producer')]);
  const base = loadConfig(io.env);
  const { config } = withStack({ ...base, dataDir: resolve(io.cwd, base.dataDir) }, io.env);
  if (!config.meiliUrl || !config.s3Endpoint) {
    throw new CliError(`No running stack found (no ${resolve(config.dataDir, 'stack.json')}) and MEILI_URL/S3_ENDPOINT are not set. Start one with \`ingest start\`.`);
  }
  const redis = q.createRedis(config.redisUrl, 'producer', { commandTimeoutMs: config.redisCommandTimeoutMs, cluster: config.redisCluster });
  redis.on('error', () => {});
  try {
    await new Promise<void>((ok, fail) => {
      if (redis.status === 'ready') return ok();
      const timer = setTimeout(() => fail(new Error(`Redis does not answer at ${config.redisUrl.replace(/\/\/[^@/]*@/, '//***@')}. Is the stack running (\`ingest start\`)?`)), 5_000);
      redis.once('ready', () => {
        clearTimeout(timer);
        ok();
      });
    });
  } catch (err) {
    redis.disconnect();
    throw new CliError(`Cannot reach the stack: ${(err as Error).message}`);
  }
  const queues = new q.QueueSet({ connection: redis, prefix: config.queuePrefix, attempts: config.jobAttempts });
  const stats = new q.PipelineStats(redis, config.queuePrefix);
  return {
    queues,
    stats,
    extractionHealth: new ExtractionHealth(redis, config.queuePrefix),
    close: async () => {
      await queues.close().catch(() => {});
      await stats.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
