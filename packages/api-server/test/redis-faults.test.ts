import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3ArchiveStore } from '@ingest/archive';
import { freePort, startRedisServer, startS3rver, waitUntil, type RunningService } from '@ingest/embedded';
import { createLogger } from '@ingest/logger';
import { fetchJobId } from '@ingest/pipeline';
import { aofDurability, jobKey, waitDurable } from '@ingest/queue';
import { connect, startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';
import { Redis } from 'ioredis';
import { readiness } from '../src/readiness.ts';

const log = createLogger({ level: 'silent' });

/** Our own redis-server (AOF on, as in production), which these tests kill, freeze and fill. */
async function ownRedis(dir: string, port?: number): Promise<RunningService> {
  return startRedisServer({ port: port ?? (await freePort()), dir });
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

describe('API with Redis down, frozen or full', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-redis-faults-'));
  let redis: RunningService;
  let port: number;
  let proc: PipelineProcess | null = null;
  let admin: Redis;
  const config = () => testConfig({ redisUrl: redis.url });
  let cfg: ReturnType<typeof testConfig>;

  const enqueue = (urls: string[]) => proc!.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: { authorization: `Bearer ${cfg.apiKey}` }, payload: { urls } });
  const jobExists = async (url: string) => (await admin.exists(jobKey(cfg.queuePrefix, 'fetch', fetchJobId(url)))) === 1;
  const readyz = () => proc!.api!.inject({ method: 'GET', url: '/readyz' });
  const becomesReady = () => waitUntil(async () => (await readyz()).statusCode === 200, 20_000, 'API readiness after Redis came back');

  beforeAll(async () => {
    port = await freePort();
    redis = await ownRedis(join(scratch, 'redis'), port);
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    admin.on('error', () => {});
    cfg = config();
    // All-in-one (API next to a worker), the harder case: the API must still use its own producer connection.
    proc = await startPipelineProcess(cfg, log, { stages: ['index'], api: true, service: 'api-faults' });
  });

  it('gives the API its own fail-fast connection next to the workers', () => {
    expect(proc!.producer).not.toBeNull();
    expect(proc!.producer!.redis).not.toBe(proc!.conns.redis);
    expect(proc!.producer!.redis.options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
    expect(proc!.conns.redis.options).toMatchObject({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  });

  it('detects whether this Redis can confirm a write on disk (WAITAOF, Redis >= 7.2)', async () => {
    const version = /^redis_version:(\d+)\.(\d+)/m.exec(await admin.info('server'))!;
    const has = Number(version[1]) > 7 || (Number(version[1]) === 7 && Number(version[2]) >= 2);
    expect(await aofDurability(proc!.producer!.redis)).toBe(has ? 'waitaof' : 'no-command');
    expect(await waitDurable(proc!.producer!.redis, 1_500)).toBe(has ? 'waitaof' : 'no-command');
  });
  afterEach(async () => {
    // Whatever a test did to Redis, the next one starts with a running one.
    if (redis.child?.signalCode === null && redis.child.exitCode === null) redis.child.kill('SIGCONT');
  });
  afterAll(async () => {
    await proc?.close();
    admin?.disconnect();
    if (redis.child) redis.child.kill('SIGCONT');
    await redis?.stop();
    await cleanupTest({ ...cfg, redisUrl: testConfig().redisUrl }).catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After within 1 s while Redis is killed, enqueues nothing it refused, and recovers', async () => {
    redis.child!.kill('SIGKILL');
    await new Promise((resolve) => redis.child!.once('exit', resolve));
    const refused = 'https://example.org/refused-while-killed';
    const { value: res, ms } = await timed(() => enqueue([refused]));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeTruthy();
    expect(res.json().code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(ms).toBeLessThan(1_000);
    const ready = await timed(() => readyz());
    expect(ready.value.statusCode).toBe(503);
    expect(ready.value.json()).toMatchObject({ redis: false, meilisearch: true, s3: true });
    expect(ready.ms).toBeLessThan(1_000);

    redis = await ownRedis(join(scratch, 'redis'), port);
    await becomesReady();
    expect(await jobExists(refused)).toBe(false);
    const ok = await enqueue(['https://example.org/after-restart']);
    expect(ok.statusCode).toBe(202);
    expect(await jobExists('https://example.org/after-restart')).toBe(true);
  });

  it('answers 503 within 1 s while Redis is frozen (SIGSTOP) and does not apply the refused enqueue when it thaws', async () => {
    const refused = 'https://example.org/refused-while-frozen';
    redis.child!.kill('SIGSTOP');
    try {
      const { value: res, ms } = await timed(() => enqueue([refused]));
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeTruthy();
      expect(ms).toBeLessThan(1_000);
      const ready = await timed(() => readyz());
      expect(ready.value.statusCode).toBe(503);
      expect(ready.value.json().redis).toBe(false);
      expect(ready.ms).toBeLessThan(1_000);
    } finally {
      redis.child!.kill('SIGCONT');
    }
    await becomesReady();
    expect(await jobExists(refused)).toBe(false);
    expect((await enqueue([refused])).statusCode).toBe(202);
    expect(await jobExists(refused)).toBe(true);
  });

  it('reports an evicting Redis as not ready', async () => {
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const res = await readyz();
      expect(res.statusCode).toBe(503);
      expect(res.json().redis).toBe(false);
      expect(res.json().errors.redis).toContain('allkeys-lru');
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
    }
    expect((await readyz()).statusCode).toBe(200);
  });

  it('answers 503 REDIS_FULL when Redis is full, and lists exactly which URLs were accepted', async () => {
    const used = Number(/^used_memory:(\d+)/m.exec(await admin.info('memory'))![1]);
    // Room for some of the batch but not all of it (a fetch job takes about a kilobyte).
    await admin.config('SET', 'maxmemory', String(used + 256 * 1024));
    const urls = Array.from({ length: 1_000 }, (_, i) => `https://example.org/full/${i}/${'x'.repeat(200)}`);
    try {
      const res = await enqueue(urls);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeTruthy();
      const body = res.json<{ code: string; enqueued: { url: string }[]; failed: { url: string }[] }>();
      expect(body.code).toBe('REDIS_FULL');
      expect(body.enqueued.length).toBeGreaterThan(0);
      expect(body.failed.length).toBeGreaterThan(0);
      expect(body.enqueued.length + body.failed.length).toBe(urls.length);
      for (const e of body.enqueued) expect(await jobExists(e.url), e.url).toBe(true);
      for (const f of body.failed) expect(await jobExists(f.url), f.url).toBe(false);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    const retry = await enqueue(urls);
    expect(retry.statusCode).toBe(202);
    for (const url of urls.slice(0, 50)) expect(await jobExists(url)).toBe(true);
  });
});

describe('Redis that can evict jobs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-redis-evict-'));
  let redis: RunningService;

  beforeAll(async () => {
    redis = await ownRedis(join(scratch, 'redis'));
    const c = new Redis(redis.url);
    await c.config('SET', 'maxmemory-policy', 'allkeys-lru');
    c.disconnect();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is refused at start-up by producers, workers and the API process unless allowed', async () => {
    const config = testConfig({ redisUrl: redis.url });
    for (const role of ['producer', 'worker'] as const) {
      await expect(connect(config, log, role)).rejects.toMatchObject({ code: 'REDIS_EVICTION_POLICY' });
    }
    await expect(startPipelineProcess(config, log, { stages: ['fetch'], api: true, service: 'evict' })).rejects.toMatchObject({ code: 'REDIS_EVICTION_POLICY' });
    const allowed = await connect(testConfig({ redisUrl: redis.url, redisAllowEviction: true }), log, 'producer');
    await allowed.close();
  });
});

describe('readiness with S3 down or frozen', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-s3-down-'));
  let s3: RunningService;
  let proc: PipelineProcess;
  let blackHole: Server;
  const sockets: Socket[] = [];
  let cfg: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    s3 = await startS3rver({ port: await freePort(), directory: join(scratch, 's3') });
    cfg = testConfig({ s3Endpoint: s3.url, s3AccessKeyId: 'S3RVER', s3SecretAccessKey: 'S3RVER' });
    proc = await startPipelineProcess(cfg, log, { stages: [], api: true, service: 's3-down' });
    blackHole = createServer((socket) => sockets.push(socket)); // accepts connections, never answers
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await proc?.close();
    await s3?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackHole?.close(resolve));
    await cleanupTest(cfg);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('answers 503 within 1 s naming S3 when S3 stops', async () => {
    expect((await proc.api!.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ redis: true, meilisearch: true, s3: true });
    await s3.stop();
    const { value: res, ms } = await timed(() => proc.api!.inject({ method: 'GET', url: '/readyz' }));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ redis: true, meilisearch: true, s3: false });
    expect(res.json().errors.s3).toBeTruthy();
    expect(ms).toBeLessThan(1_000);
  });

  it('gives up on an S3 that accepts connections but never answers', async () => {
    const { port } = blackHole.address() as { port: number };
    const archive = new S3ArchiveStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'b', accessKeyId: 'x', secretAccessKey: 'y', forcePathStyle: true });
    const { value, ms } = await timed(() => readiness({ redis: proc.conns.redis, searchIndex: proc.conns.searchIndex, archive, allowEviction: false }));
    archive.close();
    expect(value.ready).toBe(false);
    expect(value.checks.s3).toBe(false);
    expect(ms).toBeLessThan(1_000);
  });
});
