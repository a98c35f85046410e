import type { Config } from '@ingest/config';
import type { QueueName } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess } from './pipeline-process.ts';

/**
 * What each service's main.ts calls: one worker stage (or the API), signals wired to a clean
 * shutdown with a deadline.
 */
export async function runService(config: Config, service: string, options: { stages: QueueName[]; api: boolean }): Promise<void> {
  const log = createLogger({ level: config.logLevel, name: service });
  const proc = await startPipelineProcess(config, log, { ...options, service });
  log.info({ stages: options.stages, api: proc.apiUrl }, `${service} started`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${service} shutting down`);
    await proc.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
