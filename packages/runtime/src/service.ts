import type { Config } from '@ingest/config';
import type { QueueName } from '@ingest/contracts';
import { createLogger, wantsPretty } from '@ingest/logger';
import { redisReady } from '@ingest/queue';
import { startOpsServer } from './ops-server.ts';
import { startPipelineProcess } from './pipeline-process.ts';

/**
 * What each service's main.ts calls: one worker stage (or the API), its metrics and probe server
 * on METRICS_PORT, signals wired to a clean shutdown with a deadline.
 */
export async function runService(config: Config, service: string, options: { stages: QueueName[]; api: boolean }): Promise<void> {
  const log = createLogger({ level: config.logLevel, name: service, pretty: wantsPretty(config.logFormat, process.stdout.isTTY) && { destination: 1 } });
  const proc = await startPipelineProcess(config, log, { ...options, service });
  const workers = proc.workers?.workers ?? [];
  const ops = await startOpsServer({
    host: config.metricsHost,
    port: config.metricsPort,
    metrics: proc.metrics,
    log,
    readiness: async () => ({
      redis: await redisReady(proc.conns.redis, { allowEviction: config.redisAllowEviction }),
      workers: workers.every((w) => w.isRunning()),
    }),
  });
  log.info({ stages: options.stages, api: proc.apiUrl, metrics: ops.url ? `${ops.url}/metrics` : null, pid: process.pid }, `${service} started`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${service} shutting down`);
    await proc.close();
    await ops.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
