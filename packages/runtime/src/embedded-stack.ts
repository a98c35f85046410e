import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Config } from '@ingest/config';
import { commandLine, freePort, httpOk, pidAlive, portFree, startMeilisearch, startRedisServer, startS3rver, stopPid, type RunningService } from '@ingest/embedded';
import type { Logger } from '@ingest/logger';
import { pingRedis } from '@ingest/queue';
import { persistentSecret } from './secrets.ts';
import { readServiceRecord, recordServices, type ServiceEntry } from './service-record.ts';
import { secretFiles } from './stack-file.ts';

export interface EmbeddedStack {
  config: Config;
  started: string[];
  /** Services an earlier start of this data directory left running, taken over by this one. */
  reused: string[];
  stop(): Promise<void>;
}

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Our own service from an earlier start: the recorded PID is alive, runs on this data directory
 * (where /proc tells) and the port answers as we expect (for Meilisearch: to our master key).
 */
async function isOwnService(entry: ServiceEntry | undefined, dataPath: string, answers: (url: string) => Promise<boolean>): Promise<boolean> {
  if (!entry?.pid || !pidAlive(entry.pid)) return false;
  const argv = commandLine(entry.pid);
  if (argv !== null && !argv.includes(dataPath)) return false;
  return answers(`http://127.0.0.1:${entry.port}`);
}

export interface PortChoice {
  port: number;
  /** Set when the preferred port was held by a process that is not this stack's. */
  displaced?: number;
}

/**
 * The port a service of this stack should start on: the recorded one, else the configured default,
 * unless another process holds it; then a free one (never a foreign service's).
 */
export async function choosePort(preferred: number): Promise<PortChoice> {
  if (preferred > 0 && (await portFree(preferred))) return { port: preferred };
  return { port: await freePort(), displaced: preferred > 0 ? preferred : undefined };
}

interface Placement {
  url: string;
  reused: boolean;
  service?: RunningService;
}

async function placeService(
  name: 'meilisearch' | 's3',
  options: { dataDir: string; dataPath: string; defaultPort: number; setting: string; log: Logger; answers: (url: string) => Promise<boolean>; start: (port: number) => Promise<RunningService> },
): Promise<Placement> {
  const entry = readServiceRecord(options.dataDir)[name];
  if (entry && (await isOwnService(entry, options.dataPath, options.answers))) {
    options.log.info({ url: `http://127.0.0.1:${entry.port}`, pid: entry.pid }, `reusing this data directory's ${name} left running by an earlier start`);
    return { url: `http://127.0.0.1:${entry.port}`, reused: true };
  }
  const { port, displaced } = await choosePort(entry?.port ?? options.defaultPort);
  if (displaced !== undefined) {
    options.log.warn(
      { service: name, held: displaced, port },
      `port ${displaced} is held by a process that is not this stack's ${name}; starting ours on ${port} instead (kept in ${options.dataDir}/services.json; set ${options.setting} to choose another)`,
    );
  }
  options.log.info({ url: `http://127.0.0.1:${port}` }, `starting embedded ${name}`);
  const service = await options.start(port);
  recordServices(options.dataDir, { [name]: { port, pid: service.child?.pid } });
  return { url: service.url, reused: false, service };
}

/** Stops a reused service by PID: it is ours, and nobody else will. */
const stopReused = (dataDir: string, name: 'meilisearch' | 's3'): RunningService => ({
  url: '',
  stop: async () => {
    const pid = readServiceRecord(dataDir)[name]?.pid;
    if (pid) await stopPid(pid);
  },
});

/**
 * Fills in what the operator did not configure with embedded services whose data lives under the
 * data directory: redis-server (when nothing answers at REDIS_URL), Meilisearch and s3rver. Their
 * ports and PIDs go to services.json: a later start reuses only services that are provably this
 * data directory's, and starts its own on a free port when another process holds the usual one.
 */
export async function ensureEmbeddedStack(config: Config, log: Logger): Promise<EmbeddedStack> {
  const dataDir = resolve(config.dataDir);
  const secrets = secretFiles(dataDir);
  const running: RunningService[] = [];
  const started: string[] = [];
  const reused: string[] = [];
  const next: Config = { ...config, dataDir };
  const stop = async () => {
    await Promise.allSettled(running.reverse().map((s) => s.stop()));
  };

  try {
    // A cluster is never embedded; connect() reports one that does not answer.
    if (!config.redisCluster && !(await pingRedis(config.redisUrl))) {
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
      const dbPath = join(dataDir, 'meilisearch');
      const placed = await placeService('meilisearch', {
        dataDir,
        dataPath: dbPath,
        defaultPort: config.meiliEmbeddedPort,
        setting: 'MEILI_EMBEDDED_PORT (or MEILI_URL)',
        log,
        // Only the master key of this data directory lists the keys: a foreign Meilisearch says 401/403.
        answers: async (url) => {
          try {
            const res = await fetch(`${url}/keys?limit=1`, { headers: { authorization: `Bearer ${masterKey}` }, signal: AbortSignal.timeout(2_000) });
            await res.arrayBuffer();
            return res.ok;
          } catch {
            return false;
          }
        },
        start: (port) => startMeilisearch({ port, dbPath, masterKey }),
      });
      running.push(placed.service ?? stopReused(dataDir, 'meilisearch'));
      (placed.reused ? reused : started).push('meilisearch');
      next.meiliUrl = placed.url;
      next.meiliMasterKey = masterKey;
    }

    if (!config.s3Endpoint) {
      const directory = join(dataDir, 's3');
      const placed = await placeService('s3', {
        dataDir,
        dataPath: directory,
        defaultPort: config.s3EmbeddedPort,
        setting: 'S3_EMBEDDED_PORT (or S3_ENDPOINT)',
        log,
        answers: httpOk,
        start: (port) => startS3rver({ port, directory }),
      });
      running.push(placed.service ?? stopReused(dataDir, 's3'));
      (placed.reused ? reused : started).push('s3');
      next.s3Endpoint = placed.url;
    }
  } catch (err) {
    await stop();
    throw err;
  }

  next.apiKey = config.apiKey ?? persistentSecret(secrets.apiKey);
  return { config: next, started, reused, stop };
}
