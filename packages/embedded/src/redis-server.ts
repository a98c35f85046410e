import { mkdirSync } from 'node:fs';
import { pingRedis } from '@ingest/queue';
import { spawnService, stopChild, waitUntil, type RunningService } from './process.ts';

export interface RedisServerOptions {
  port: number;
  dir: string;
  /** AOF persistence: the embedded default keeps queued jobs across restarts. */
  appendOnly?: boolean;
  binary?: string;
}

/** Starts a local redis-server with the settings a job queue needs (noeviction, AOF). */
export async function startRedisServer(options: RedisServerOptions): Promise<RunningService> {
  mkdirSync(options.dir, { recursive: true });
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dir,
    '--save',
    '',
    '--appendonly',
    options.appendOnly === false ? 'no' : 'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
    '--protected-mode',
    'yes',
  ];
  const { child, output } = spawnService(options.binary ?? 'redis-server', args, 'redis-server');
  const url = `redis://127.0.0.1:${options.port}`;
  await waitUntil(() => pingRedis(url, 500), 15_000, 'redis-server', output, child);
  return { url, child, stop: () => stopChild(child) };
}
