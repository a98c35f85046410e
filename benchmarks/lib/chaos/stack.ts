import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, startMeilisearch, startRedisServer, startS3rver, type RunningService } from '../../../packages/embedded/src/index.ts';

export type Dependency = 'redis' | 'meili' | 's3';

/** One dependency on a fixed port and data dir, so it can be killed and started again in place. */
export interface Restartable {
  name: Dependency;
  url: string;
  pid(): number;
  kill(): Promise<void>;
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  /** Synchronous SIGKILL, for an interrupted run. */
  killNow(): void;
}

async function restartable(name: Dependency, launch: () => Promise<RunningService>): Promise<Restartable> {
  let current = await launch();
  return {
    name,
    url: current.url,
    pid: () => current.child?.pid ?? 0,
    async kill() {
      const child = current.child!;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async start() {
      current = await launch();
    },
    pause: () => void current.child?.kill('SIGSTOP'),
    resume: () => void current.child?.kill('SIGCONT'),
    killNow: () => void current.child?.kill('SIGKILL'),
    async stop() {
      current.child?.kill('SIGCONT');
      await current.stop();
    },
  };
}

export interface ChaosStack {
  redis: Restartable;
  meili: Restartable;
  s3: Restartable;
  meiliMasterKey: string;
  stop(): Promise<void>;
}

/** Its own redis-server (AOF on, noeviction), Meilisearch and s3rver on free ports under `dir`. */
export async function startChaosStack(dir: string): Promise<ChaosStack> {
  const meiliMasterKey = randomBytes(16).toString('hex');
  const [redisPort, meiliPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const redis = await restartable('redis', () => startRedisServer({ port: redisPort, dir: join(dir, 'redis'), appendOnly: true }));
  const meili = await restartable('meili', () => startMeilisearch({ port: meiliPort, dbPath: join(dir, 'meili'), masterKey: meiliMasterKey }));
  const s3 = await restartable('s3', () => startS3rver({ port: s3Port, directory: join(dir, 's3') }));
  return {
    redis,
    meili,
    s3,
    meiliMasterKey,
    stop: async () => void (await Promise.allSettled([redis.stop(), meili.stop(), s3.stop()])),
  };
}
