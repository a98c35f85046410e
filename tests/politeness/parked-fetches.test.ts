import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { HostLimiter } from '@ingest/politeness';
import { createLogger } from '@ingest/logger';
import { HttpPageFetcher } from '@ingest/pipeline';
import { createStageWorker, PipelineStats, queueKeyPrefix } from '@ingest/queue';
import { articlePage, cleanupTest, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const DELAY_MS = 1_000;
const BUSY_PAGES = 5;

/**
 * A fetch job whose host is busy is parked in BullMQ's delayed set until its turn in the host's
 * schedule, so it does not hold one of the worker's few slots: another host's job goes ahead at
 * once. Parking uses no attempt, and every page is fetched exactly once.
 */
describe('fetch jobs parked while their host is busy', () => {
  const config = testConfig({ fetchHostDelayMs: DELAY_MS, fetchHostConcurrency: 2 });
  const connections: Redis[] = [];
  const servers: FixtureServer[] = [];
  let queue: Queue | undefined;
  let worker: ReturnType<typeof createStageWorker> | undefined;

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await Promise.all(servers.map((s) => s.close()));
    connections.forEach((c) => c.disconnect());
    await cleanupTest(config);
  });

  it('lets another host go ahead, fetches every page once and burns no attempt', async () => {
    const site = async (host: string, pages: string[]) => {
      const routes = Object.fromEntries(pages.map((p) => [p, (_req: unknown, res: Parameters<typeof html>[0]) => html(res, articlePage(p, ['Enough words to make a page of text.']))]));
      const server = await startFixtureServer(routes, host);
      servers.push(server);
      return server;
    };
    const busyPaths = Array.from({ length: BUSY_PAGES }, (_, i) => `/busy-${i}.html`);
    const busy = await site('127.0.0.2', busyPaths);
    const other = await site('127.0.0.3', ['/other.html']);

    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    connections.push(redis);
    const limiter = new HostLimiter({ redis, keyPrefix: `${config.queuePrefix}:polite:`, maxConcurrency: 2, minDelayMs: DELAY_MS });
    const fetcher = new HttpPageFetcher(config, { limiter, robots: null });
    const finished = new Map<string, number>();
    const t0 = performance.now();
    const log = createLogger({ level: 'silent' });
    // Two slots only: were busy-host jobs waiting in them, the other host's job would queue behind five of them.
    worker = createStageWorker({
      queue: 'fetch',
      connection: redis,
      prefix: config.queuePrefix,
      concurrency: 2,
      lockDurationMs: 30_000,
      log,
      stats: new PipelineStats(redis, config.queuePrefix),
      handler: async (job, ctx) => {
        await fetcher.fetch(job.url, { ticket: ctx.jobId, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        finished.set(new URL(job.url).pathname, performance.now() - t0);
        return { outcome: 'done' };
      },
    });
    queue = new Queue('fetch', { connection: redis, prefix: queueKeyPrefix(config.queuePrefix, 'fetch') });
    const enqueuedAt = new Date().toISOString();
    const urls = [...busyPaths.map((p) => `${busy.baseUrl}${p}`), `${other.baseUrl}/other.html`];
    await queue.addBulk(urls.map((url, i) => ({ name: 'fetch', data: { url, enqueuedAt }, opts: { jobId: `job-${i}`, attempts: 3 } })));

    const deadline = performance.now() + 60_000;
    while ((await queue.getCompletedCount()) < urls.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const jobs = (await Promise.all(urls.map((_, i) => queue!.getJob(`job-${i}`)))) as Job[];
    const states = await Promise.all(jobs.map((j) => j.getState()));
    console.info(
      `finished (ms): ${[...finished].map(([p, t]) => `${p} ${Math.round(t)}`).join(', ')}; attempts started ${jobs.map((j) => j.attemptsStarted).join(' ')}, made ${jobs.map((j) => j.attemptsMade).join(' ')}`,
    );

    expect(states.every((s) => s === 'completed')).toBe(true);
    // Every page once: a parked job never fetched before it was parked.
    expect([...busy.hits].sort()).toEqual([...busyPaths].sort());
    expect(other.hits).toEqual(['/other.html']);
    // Parked jobs were started more than once, but each completed on its first attempt.
    expect(jobs.some((j) => j.attemptsStarted > 1)).toBe(true);
    for (const j of jobs) expect(j.attemptsMade, j.id).toBe(1);
    // The other host's job went ahead of the busy host's second turn, a delay after its first;
    // with busy-host jobs waiting in the two slots it would have queued behind all of them.
    expect(finished.get('/other.html')!).toBeLessThan(finished.get('/busy-1.html')!);
    const lastBusy = Math.max(...busyPaths.map((p) => finished.get(p)!));
    expect(lastBusy).toBeGreaterThanOrEqual((BUSY_PAGES - 1) * DELAY_MS);
  }, 90_000);
});
