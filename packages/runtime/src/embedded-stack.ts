import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Config } from '@ingest/config';
import { httpOk, startMeilisearch, startRedisServer, startS3rver, type RunningService } from '@ingest/embedded';
import type { Logger } from '@ingest/logger';
import { pingRedis } from '@ingest/queue';
import { persistentSecret } from './secrets.ts';
import { secretFiles } from './stack-file.ts';

export interface EmbeddedStack {
  config: Config;
  started: string[];
  stop(): Promise<void>;
}

const DEFAULT_MEILI_PORT = 7700;
const DEFAULT_S3_PORT = 4569;

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fills in what the operator did not configure with embedded services whose data lives under the
 * data directory: redis-server (when nothing answers at REDIS_URL), Meilisearch and s3rver.
 * Services left running by an earlier start are reused.
 */
export async function ensureEmbeddedStack(config: Config, log: Logger): Promise<EmbeddedStack> {
  const dataDir = resolve(config.dataDir);
  const secrets = secretFiles(dataDir);
  const running: RunningService[] = [];
  const started: string[] = [];
  const next: Config = { ...config, dataDir };

  if (!(await pingRedis(config.redisUrl))) {
    const url = new URL(config.redisUrl);
    const local = ['127.0.0.1', 'localhost'].includes(url.hostname);
    if (!local || !onPath('redis-server')) {
      throw new Error(`Redis does not answer at ${config.redisUrl}. Start Redis (with maxmemory-policy noeviction) or set REDIS_URL.`);
    }
    log.info({ port: url.port || 6379 }, 'starting embedded redis-server');
    running.push(await startRedisServer({ port: Number(url.port || 6379), dir: join(dataDir, 'redis') }));
    started.push('redis');
  }

  if (!config.meiliUrl) {
    const masterKey = config.meiliMasterKey ?? persistentSecret(secrets.meiliMasterKey);
    const url = `http://127.0.0.1:${DEFAULT_MEILI_PORT}`;
    if (!(await httpOk(`${url}/health`))) {
      log.info({ url }, 'starting embedded Meilisearch');
      running.push(await startMeilisearch({ port: DEFAULT_MEILI_PORT, dbPath: join(dataDir, 'meilisearch'), masterKey }));
      started.push('meilisearch');
    }
    next.meiliUrl = url;
    next.meiliMasterKey = masterKey;
  }

  if (!config.s3Endpoint) {
    const url = `http://127.0.0.1:${DEFAULT_S3_PORT}`;
    if (!(await httpOk(url))) {
      log.info({ url }, 'starting embedded S3 (s3rver)');
      running.push(await startS3rver({ port: DEFAULT_S3_PORT, directory: join(dataDir, 's3') }));
      started.push('s3');
    }
    next.s3Endpoint = url;
  }

  next.apiKey = config.apiKey ?? persistentSecret(secrets.apiKey);
  return {
    config: next,
    started,
    async stop() {
      await Promise.allSettled(running.reverse().map((s) => s.stop()));
    },
  };
}
