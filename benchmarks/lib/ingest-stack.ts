// The ingest stack as `npm start` runs it, but with every port free and every name the run's own:
// redis-server, Meilisearch and s3rver started the way the embedded stack starts them (data under
// one data dir), then `bin/ingest.js start --no-demo`, the all-in-one process, as a child. The
// benchmark talks to it only through public entry points: the HTTP API (enqueue, status),
// Meilisearch's own API, Redis INFO and /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort, startMeilisearch, startRedisServer, startS3rver, type RunningService } from '@ingest/embedded';
import { startCountingProxy, type CountingProxy } from '@ingest/testing/counting-proxy';

const INGEST_BIN = fileURLToPath(new URL('../../bin/ingest.js', import.meta.url));

export interface IngestStatus {
  queues: Record<string, Record<string, number>>;
  counters: Record<string, number>;
  idle: boolean;
}

export interface IngestStack {
  apiUrl: string;
  meiliUrl: string;
  pids: { ingest: number; redis: number; meilisearch: number; s3rver: number };
  s3: CountingProxy;
  redis: Redis;
  enqueue(urls: string[], crawl?: { maxPages: number; maxDepth: number }): Promise<void>;
  status(): Promise<IngestStatus>;
  documentCount(): Promise<number>;
  /** Meilisearch tasks not finished yet. */
  pendingTasks(): Promise<number>;
  /** URLs of documents matching `q` (first 20). */
  searchUrls(q: string): Promise<string[]>;
  /** The ingest process's output so far (for errors). */
  output(): string;
  stop(): Promise<void>;
}

async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startIngestStack(dataDir: string, env: Record<string, string>, timeoutMs = 120_000): Promise<IngestStack> {
  const masterKey = randomBytes(16).toString('hex');
  const apiKey = randomBytes(16).toString('hex');
  const services: RunningService[] = [];
  let child: ChildProcess | null = null;
  let proxy: CountingProxy | null = null;
  let redis: Redis | null = null;
  const stopAll = async () => {
    redis?.disconnect();
    if (child) await stopProcess(child);
    await proxy?.close();
    await Promise.allSettled(services.reverse().map((s) => s.stop()));
  };
  try {
    const redisSvc = await startRedisServer({ port: await freePort(), dir: join(dataDir, 'redis') });
    services.push(redisSvc);
    const meili = await startMeilisearch({ port: await freePort(), dbPath: join(dataDir, 'meilisearch'), masterKey });
    services.push(meili);
    const s3 = await startS3rver({ port: await freePort(), directory: join(dataDir, 's3') });
    services.push(s3);
    proxy = await startCountingProxy(s3.url);
    const queuePrefix = `{bench-${randomBytes(3).toString('hex')}}`;
    child = spawn(process.execPath, [INGEST_BIN, 'start', '--no-demo'], {
      env: {
        ...process.env,
        INGEST_DATA_DIR: dataDir,
        REDIS_URL: redisSvc.url,
        MEILI_URL: meili.url,
        MEILI_MASTER_KEY: masterKey,
        S3_ENDPOINT: proxy.url,
        QUEUE_PREFIX: queuePrefix,
        API_PORT: '0',
        METRICS_PORT: '0',
        API_KEY: apiKey,
        LOG_LEVEL: 'warn',
        FETCH_ALLOW_NETWORKS: '127.0.0.0/8',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    const started = child;
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ingest start did not come up within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = () => {
        const m = /search UI\s+(http:\/\/\S+?)\/?\s/.exec(out);
        if (m) {
          clearTimeout(timer);
          started.stdout!.off('data', check);
          resolve(m[1]!);
        }
      };
      started.stdout!.on('data', check);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`ingest start exited with ${code}:\n${out}`));
      });
    });
    redis = new Redis(redisSvc.url, { maxRetriesPerRequest: 3, lazyConnect: false });
    const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
      const call = () =>
        fetch(`${apiUrl}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(init?.headers ?? {}) },
          signal: AbortSignal.timeout(30_000),
        });
      let res = await call();
      // A 503 is the API saying Redis did not answer in time (an overloaded machine): ask again.
      for (let i = 0; res.status === 503 && i < 5; i++) {
        await res.text();
        await new Promise((r) => setTimeout(r, 1_000 * (i + 1)));
        res = await call();
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 500)}`);
      return JSON.parse(text) as T;
    };
    const meiliGet = async <T>(path: string, init?: RequestInit): Promise<T> => {
      const res = await fetch(`${meili.url}${path}`, { ...init, headers: { authorization: `Bearer ${masterKey}`, 'content-type': 'application/json' }, signal: AbortSignal.timeout(30_000) });
      if (res.status === 404) return {} as T;
      if (!res.ok) throw new Error(`meilisearch ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const index = env.MEILI_INDEX ?? 'documents';
    return {
      apiUrl,
      meiliUrl: meili.url,
      pids: { ingest: child.pid!, redis: redisSvc.child!.pid!, meilisearch: meili.child!.pid!, s3rver: s3.child!.pid! },
      s3: proxy,
      redis,
      async enqueue(urls, crawl) {
        await api('/api/v1/enqueue', { method: 'POST', body: JSON.stringify({ urls, ...(crawl ? { crawl: true, ...crawl } : {}) }) });
      },
      status: () => api<IngestStatus>('/api/v1/status'),
      documentCount: async () => (await meiliGet<{ numberOfDocuments?: number }>(`/indexes/${index}/stats`)).numberOfDocuments ?? 0,
      pendingTasks: async () => (await meiliGet<{ total?: number }>('/tasks?statuses=enqueued,processing&limit=1')).total ?? 0,
      searchUrls: async (q) =>
        ((await meiliGet<{ hits?: { url?: string; canonicalUrl?: string }[] }>(`/indexes/${index}/search`, { method: 'POST', body: JSON.stringify({ q, limit: 20 }) })).hits ?? []).flatMap((h) => [
          h.url ?? '',
          h.canonicalUrl ?? '',
        ]),
      output: () => out,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** INFO commandstats as calls per command. */
export async function commandStats(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

export async function usedMemoryMiB(redis: Redis): Promise<number> {
  const m = /^used_memory:(\d+)/m.exec(await redis.info('memory'));
  return m ? Math.round(Number(m[1]) / 104857.6) / 10 : 0;
}
